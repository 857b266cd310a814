package dev.couponfetch.examples;

import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.OAuth2Authorizer;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.PendingAuthorization;
import dev.couponfetch.TestReport;
import dev.couponfetch.TokenStores;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: tests a configuration of every auth and request type against a local server. */
@Command(
    name = "demo",
    description = {
      "Starts a demo coupon server on 127.0.0.1, tests one configuration per authentication type"
          + " (none, Basic, Digest, query-string key, header key, OAuth2 client credentials, OAuth2"
          + " authorization code, HMAC request signing) and request type (GET, POST JSON, POST form, bulk) against it,"
          + " prints what each returned, and stops the server.",
      "",
      "The OAuth2 configurations get their tokens from an embedded authorization server; for the"
          + " authorization code the demo plays the merchant's browser. The demo endpoint checks"
          + " each token's signature, issuer and expiry."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every configuration works", "1:at least one configuration failed"})
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--verbose", description = "Print each full test report (request and response).")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // The demo servers are on loopback, which the fetcher refuses unless told otherwise.
    try (DemoOAuthServer oauth = DemoOAuthServer.start();
        DemoCouponServer server = DemoCouponServer.start(oauth.verifier());
        HttpClientCouponFetcher fetcher = OAuthClients.newFetcher(true, TokenStores.inMemory())) {
      out.println("Demo coupon server on " + server.baseUri());
      out.println("Demo OAuth2 server on " + oauth.issuer());
      ConfigurationTester tester = new ConfigurationTester(fetcher);
      OAuth2Authorizer authorizer = OAuthClients.authorizer(fetcher);
      List<DemoConfigs.DemoCase> cases = DemoConfigs.all(server, oauth);
      int working = 0;
      for (int i = 0; i < cases.size(); i++) {
        DemoConfigs.DemoCase c = cases.get(i);
        out.printf("%n== %d/%d %s ==%n", i + 1, cases.size(), c.title());
        if (c.authorizeFirst() && !authorize(out, oauth, authorizer, c.config())) {
          out.flush();
          continue;
        }
        TestReport report = tester.test(c.config(), c.variables());
        print(out, report);
        if (report.works()) {
          working++;
        }
        out.flush();
      }
      out.printf("%n%d of %d configurations work%n", working, cases.size());
      out.println(
          "Next: try your own configuration in a browser: java -jar"
              + " coupon-fetch-examples/target/coupon-fetch.jar serve, then open"
              + " http://127.0.0.1:8787/ (add --allow-private-network for an endpoint on this"
              + " machine or your private network)");
      return working == cases.size() ? CouponFetchCli.OK : CouponFetchCli.FAILED;
    }
  }

  /**
   * The authorization code flow without a person: start, let the demo OAuth2 server redirect
   * straight back (it has no login page in this mode), complete with where it redirected to.
   */
  private static boolean authorize(
      PrintWriter out, DemoOAuthServer oauth, OAuth2Authorizer authorizer, CouponSourceConfig c) {
    try {
      PendingAuthorization pending = authorizer.start(c, URI.create(c.auth().redirectUri()));
      out.println("  GET " + withoutQuery(pending.authorizationUri()) + "  (state, PKCE S256)");
      URI callback = oauth.playBrowser(pending.authorizationUri());
      out.println("  -> redirect to " + withoutQuery(callback) + " with a code");
      OAuthTokens tokens = authorizer.complete(c, callback, pending);
      out.println(
          "  code exchanged, tokens stored (refresh token: "
              + (tokens.refreshToken().isPresent() ? "yes" : "no")
              + ")");
      return true;
    } catch (CouponFetchException e) {
      out.println("Authorization failed: " + e.reason() + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      out.println("Authorization failed: " + CouponFetchCli.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("Authorization failed: interrupted");
    }
    return false;
  }

  private static String withoutQuery(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
  }

  private void print(PrintWriter out, TestReport report) {
    if (verbose) {
      out.print(report.toText());
      return;
    }
    out.println(report.headline());
    report
        .request()
        .ifPresent(
            r -> {
              String body = r.body().isEmpty() ? "" : "  " + r.body().strip();
              out.println("  " + r.method() + " " + r.uri() + body);
            });
    report.status().ifPresent(s -> out.println("  -> HTTP " + s));
    report.tokenNote().ifPresent(n -> out.println("  " + n));
    for (Coupon coupon : report.coupons()) {
      out.println("  " + coupon.code() + coupon.expiry().map(x -> "  expires " + x).orElse(""));
    }
    report.warnings().forEach(w -> out.println("  warning: " + w));
    if (!report.works()) {
      report.explanation().ifPresent(x -> out.println("  " + x));
      report.hint().ifPresent(h -> out.println("  hint: " + h));
    }
  }
}
