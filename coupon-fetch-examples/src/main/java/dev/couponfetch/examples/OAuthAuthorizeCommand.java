package dev.couponfetch.examples;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.OAuth2Authorizer;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.PendingAuthorization;
import dev.couponfetch.Reason;
import dev.couponfetch.TokenStore;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import dev.couponfetch.httpclient.guard.BlockedAddressException;
import dev.couponfetch.httpclient.guard.NetworkGuard;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code oauth authorize}: the settings screen's "fetch tokens" button, in a terminal. */
@Command(
    name = "authorize",
    description = {
      "Runs the OAuth2 authorization code flow (with PKCE) for an OAUTH2 configuration: prints the"
          + " authorization URL to open in a browser, receives the browser's redirect on the"
          + " configuration's loopback redirectUri (http://127.0.0.1:PORT/path), exchanges the code"
          + " and stores the tokens in the token store file. Pass the same --token-store to test"
          + " and fetch. No token is ever printed.",
      "",
      "Without a port in redirectUri (or without a redirectUri: http://127.0.0.1/callback) a free"
          + " port is used; the authorization server must then accept any port on loopback (RFC"
          + " 8252 section 7.3).",
      "",
      "Only the browser's redirect for this authorization ends the command: a request to the"
          + " listener without its one-time state gets 400, one addressed to another host than"
          + " the redirectUri's own host:port gets 403, and the command says so on stderr and"
          + " keeps waiting until --timeout."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the tokens are stored",
      "1:access was denied, the redirect did not match, the code exchange failed, or time ran out",
      "2:bad usage, an invalid configuration file, or a configuration this command cannot use"
    })
final class OAuthAuthorizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description =
          "The configuration, a JSON file with auth.type OAUTH2 and grant" + " AUTHORIZATION_CODE.")
  Path config;

  @Option(
      names = "--token-store",
      required = true,
      paramLabel = "FILE",
      description = "Where to store the tokens: a JSON file, created readable by its owner only.")
  Path tokenStore;

  @Option(
      names = "--allow-private-network",
      description = "Allow a token endpoint on loopback and private networks (local development).")
  boolean allowPrivateNetwork;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "How long to wait for the browser to come back (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    if (timeoutSeconds < 1) {
      throw new ParameterException(
          spec.commandLine(), "--timeout must be at least 1 second, but was " + timeoutSeconds);
    }
    CouponSourceConfig source = ConfigFile.load(config);
    LoopbackRedirect redirect = checkUsable(source);
    if (!allowPrivateNetwork) {
      checkTokenUrlAllowed(source);
    }
    TokenStore store = OAuthClients.openFileStore(tokenStore, source.name());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (HttpClientCouponFetcher fetcher = OAuthClients.newFetcher(allowPrivateNetwork, store)) {
      Completion completion = new Completion(OAuthClients.authorizer(fetcher), source);
      try (RedirectReceiver receiver = listen(redirect, completion, err)) {
        URI redirectUri = receiver.redirectUri();
        try {
          completion.pending = completion.authorizer.start(source, redirectUri);
        } catch (CouponFetchException e) {
          err.println("error: " + e.reason() + ": " + e.getMessage());
          return CouponFetchCli.exitCodeFor(e.reason());
        }
        receiver.expectState(completion.pending.state().reveal());
        if (redirect.port() == 0) {
          out.println(
              "note: listening on "
                  + redirectUri
                  + (redirect.isDefault() ? " (the config has no redirectUri)" : "")
                  + "; the authorization server must accept this redirect URI (any port on"
                  + " loopback, RFC 8252), or set auth.redirectUri with a fixed port and register"
                  + " it");
        }
        out.println("Open this URL in a browser: " + completion.pending.authorizationUri());
        out.println(
            "Waiting up to "
                + timeoutSeconds
                + " s for the browser to come back to "
                + redirectUri);
        out.flush();
        if (!receiver.await(Duration.ofSeconds(timeoutSeconds))) {
          err.println(
              "error: the browser did not come back to "
                  + redirectUri
                  + " within "
                  + timeoutSeconds
                  + (timeoutSeconds == 1 ? " second" : " seconds"));
          err.println(
              "hint: run the command again and finish the authorization in the browser in time"
                  + " (--timeout SECONDS)");
          return CouponFetchCli.FAILED;
        }
      }
      return completion.report(out, err, source.name(), tokenStore);
    }
  }

  /** The loopback redirect, when this is an authorization code config this command can serve. */
  private LoopbackRedirect checkUsable(CouponSourceConfig source) {
    AuthConfig auth = source.auth();
    if (auth.type() != AuthType.OAUTH2) {
      throw CliFailure.usage(
          "error: 'oauth authorize' needs a config with auth.type OAUTH2, but "
              + config
              + " has "
              + auth.type());
    }
    if (auth.grant() != OAuth2Grant.AUTHORIZATION_CODE) {
      throw CliFailure.usage(
          "error: "
              + config
              + " uses grant "
              + auth.grant()
              + ", which needs no authorization:"
              + " 'test' and 'fetch' get its tokens themselves");
    }
    try {
      return LoopbackRedirect.parse(auth.redirectUri());
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("error: " + e.getMessage());
    }
  }

  /**
   * The guard would refuse the token URL only after the merchant went through the consent page,
   * wasting the one-time code: judge it before the browser step.
   */
  private static void checkTokenUrlAllowed(CouponSourceConfig source) {
    String host = URI.create(source.auth().tokenUrl()).getHost();
    try {
      NetworkGuard.standard().resolver().resolve(host);
    } catch (BlockedAddressException e) {
      throw new CliFailure(
          CouponFetchCli.FAILED,
          List.of(
              "error: BLOCKED_ADDRESS: auth.tokenUrl: " + e.getMessage(),
              "hint: use a public token endpoint, or pass --allow-private-network for local"
                  + " development"));
    } catch (UnknownHostException e) {
      // Not ours to judge here: the token request will report it.
    }
  }

  private RedirectReceiver listen(
      LoopbackRedirect redirect, Completion completion, PrintWriter err) {
    try {
      return RedirectReceiver.start(
          redirect, completion::complete, refused -> err.println("warning: " + refused));
    } catch (IOException e) {
      String where = redirect.bindAddress().getHostAddress() + ":" + redirect.port();
      throw new CliFailure(
          CouponFetchCli.FAILED,
          List.of(
              "error: cannot listen on " + where + " for the redirect: " + e.getMessage(),
              "hint: stop what uses that port, or put another port in auth.redirectUri (and"
                  + " register it with the authorization server)"));
    }
  }

  /** Completes the authorization when the browser comes back, and says how it went. */
  private static final class Completion {
    final OAuth2Authorizer authorizer;
    final CouponSourceConfig config;
    volatile PendingAuthorization pending;
    private volatile OAuthTokens tokens;
    private volatile CouponFetchException failure;

    Completion(OAuth2Authorizer authorizer, CouponSourceConfig config) {
      this.authorizer = authorizer;
      this.config = config;
    }

    /** Runs on the receiver's thread; what it returns is the page the browser shows. */
    RedirectReceiver.Page complete(URI callback) {
      try {
        PendingAuthorization p = pending;
        if (p == null) {
          throw CouponFetchException.builder(
                  Reason.OAUTH_NOT_AUTHORIZED, "a redirect came before the authorization started")
              .build();
        }
        tokens = authorizer.complete(config, callback, p);
        return new RedirectReceiver.Page(
            200, "coupon-fetch: tokens stored, you can close this window");
      } catch (CouponFetchException e) {
        failure = e;
        return new RedirectReceiver.Page(
            400, "coupon-fetch: the authorization failed: " + e.getMessage());
      }
    }

    int report(PrintWriter out, PrintWriter err, String name, Path file) {
      if (failure != null) {
        err.println("error: " + failure.reason() + ": " + failure.getMessage());
        err.println("hint: " + hint(failure.reason()));
        return CouponFetchCli.exitCodeFor(failure.reason());
      }
      OAuthTokens t = tokens;
      out.println(
          "Tokens stored for '"
              + name
              + "' in "
              + file
              + " (access token "
              + t.expiresAt().map(x -> "expires at " + x).orElse("expiry not given")
              + ", refresh token: "
              + (t.refreshToken().isPresent() ? "yes" : "no")
              + ")");
      if (t.refreshToken().isEmpty()) {
        out.println(
            "note: without a refresh token, run 'oauth authorize' again when the access token"
                + " expires");
      }
      return CouponFetchCli.OK;
    }

    private static String hint(Reason reason) {
      switch (reason) {
        case OAUTH_NOT_AUTHORIZED:
          return "run 'oauth authorize' again, open the new URL and allow access";
        case BLOCKED_ADDRESS:
          return reason.hint() + " For a server on this machine: --allow-private-network.";
        default:
          return reason.hint();
      }
    }
  }
}
