package dev.couponfetch.examples.serve;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.OAuth2Authorizer;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.PendingAuthorization;
import dev.couponfetch.Reason;
import dev.couponfetch.TestReport;
import dev.couponfetch.httpclient.guard.BlockedAddressException;
import dev.couponfetch.httpclient.guard.NetworkGuard;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The "Fetch tokens" button: {@code GET /api/oauth/start?config=…} sends the browser to the
 * authorization server, which sends it back to {@code GET /api/oauth/callback}, where the code is
 * exchanged and the tokens stored in the server's token store. Thread-safe.
 */
final class OAuthEndpoints {
  static final String CALLBACK_PATH = "/api/oauth/callback";

  private final OAuth2Authorizer authorizer;
  private final PendingAuthorizations pending;
  private final boolean allowPrivateNetwork;

  OAuthEndpoints(
      OAuth2Authorizer authorizer, PendingAuthorizations pending, boolean allowPrivateNetwork) {
    this.authorizer = authorizer;
    this.pending = pending;
    this.allowPrivateNetwork = allowPrivateNetwork;
  }

  /** 302 to the authorization server; 400 with the problems of a config it cannot start. */
  boolean start(Request request, Response response, Callback callback) {
    URI redirectUri = URI.create(origin(request) + CALLBACK_PATH);
    PendingAuthorization started;
    CouponSourceConfig config;
    try {
      String json = Request.extractQueryParameters(request).getValue("config");
      if (json == null) {
        throw CouponFetchException.invalidConfig(
            List.of("config: is required (the query parameter, the config as JSON)"));
      }
      config = CouponSourceConfig.fromJson(json);
      checkUsable(config, redirectUri);
      started = authorizer.start(config, redirectUri);
    } catch (CouponFetchException e) {
      return Answers.json(
          response, callback, HttpStatus.BAD_REQUEST_400, TestReport.failure(e).toJson());
    }
    pending.put(started, config);
    return Answers.redirect(response, callback, started.authorizationUri());
  }

  /** Takes the pending authorization of the {@code state}, exchanges the code: an HTML page. */
  boolean callback(Request request, Response response, Callback callback) {
    Fields query = Request.extractQueryParameters(request);
    String state = query.getValue("state");
    Optional<PendingAuthorizations.Entry> entry =
        state == null ? Optional.empty() : pending.take(state);
    if (entry.isEmpty()) {
      return Answers.html(
          response,
          callback,
          HttpStatus.BAD_REQUEST_400,
          Pages.page(
              "Authorization not found",
              "This authorization is unknown, used or expired: press Fetch tokens again."));
    }
    String rawQuery = request.getHttpURI().getQuery();
    URI back =
        URI.create(origin(request) + CALLBACK_PATH + (rawQuery == null ? "" : "?" + rawQuery));
    CouponSourceConfig config = entry.get().config();
    OAuthTokens tokens;
    try {
      tokens = authorizer.complete(config, back, entry.get().pending());
    } catch (CouponFetchException e) {
      return Answers.html(
          response,
          callback,
          HttpStatus.BAD_REQUEST_400,
          Pages.page(
              "Authorization failed",
              e.reason() + ": " + e.getMessage(),
              "Hint: " + e.reason().hint()));
    }
    return Answers.html(
        response,
        callback,
        HttpStatus.OK_200,
        Pages.page(
            "Tokens stored",
            "Tokens stored for "
                + config.name()
                + ". Access token expires "
                + tokens.expiresAt().map(Object::toString).orElse("unknown")
                + "; refresh token: "
                + (tokens.refreshToken().isPresent() ? "yes" : "no")
                + ".",
            "Go back to the settings page and press Test Configuration."));
  }

  /** {@code http://127.0.0.1:PORT}: where the browser reaches this server, whatever it typed. */
  private static String origin(Request request) {
    return "http://127.0.0.1:" + Request.getLocalPort(request);
  }

  private void checkUsable(CouponSourceConfig config, URI redirectUri) {
    AuthConfig auth = config.auth();
    List<String> problems = new ArrayList<>();
    if (auth.type() != AuthType.OAUTH2) {
      problems.add("auth.type: Fetch tokens is for OAUTH2, but this config has " + auth.type());
    } else if (auth.grant() != OAuth2Grant.AUTHORIZATION_CODE) {
      problems.add(
          "auth.grant: Fetch tokens is for AUTHORIZATION_CODE; "
              + auth.grant()
              + " gets its tokens itself when you test");
    } else if (auth.redirectUri() != null && !redirectUri.toString().equals(auth.redirectUri())) {
      problems.add(
          "auth.redirectUri: serve receives the authorization at "
              + redirectUri
              + "; set it to that or leave it out");
    }
    if (!problems.isEmpty()) {
      throw CouponFetchException.invalidConfig(problems);
    }
    if (!allowPrivateNetwork) {
      checkTokenUrlAllowed(auth.tokenUrl());
    }
  }

  /**
   * The guard would refuse the token URL only after the merchant went through the consent page,
   * wasting the one-time code: judge it before sending the browser there.
   */
  private static void checkTokenUrlAllowed(String tokenUrl) {
    try {
      NetworkGuard.standard().resolver().resolve(URI.create(tokenUrl).getHost());
    } catch (BlockedAddressException e) {
      throw CouponFetchException.of(Reason.BLOCKED_ADDRESS, "auth.tokenUrl: " + e.getMessage());
    } catch (UnknownHostException | IllegalArgumentException e) {
      // Not ours to judge here: the token request will report it.
    }
  }
}
