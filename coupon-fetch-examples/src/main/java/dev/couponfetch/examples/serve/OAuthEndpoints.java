package dev.couponfetch.examples.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The "Fetch tokens" button: the page posts the config to {@code POST /api/oauth/start}, which
 * keeps a pending authorization and answers the authorization request's URL; the page opens it in a
 * new tab, and the authorization server sends that tab back to {@code GET /api/oauth/callback},
 * where the code is exchanged and the tokens stored in the server's token store. Thread-safe.
 */
final class OAuthEndpoints {
  static final String CALLBACK_PATH = "/api/oauth/callback";

  /** The longest authorization request sent to a browser: 8 KiB is what most web servers take. */
  static final int MAX_AUTHORIZATION_URL = 8 * 1024;

  private final OAuth2Authorizer authorizer;
  private final PendingAuthorizations pending;
  private final boolean allowPrivateNetwork;

  OAuthEndpoints(
      OAuth2Authorizer authorizer, PendingAuthorizations pending, boolean allowPrivateNetwork) {
    this.authorizer = authorizer;
    this.pending = pending;
    this.allowPrivateNetwork = allowPrivateNetwork;
  }

  /**
   * 200 {@code {"authorizationUrl": …}}, the authorization request for the page to open in a new
   * tab; 400 with the problems of a config it cannot start; 429 with {@code Retry-After} when
   * {@link PendingAuthorizations#MAX} authorizations are pending. Never a redirect: the URL is the
   * merchant's to choose, so this server never sends a browser there itself.
   */
  boolean start(String body, Request request, Response response, Callback callback) {
    URI redirectUri = URI.create(origin(request) + CALLBACK_PATH);
    PendingAuthorization started;
    CouponSourceConfig config;
    try {
      config = ApiRequest.parseConfigOnly(body);
      checkUsable(config, redirectUri);
      started = authorizer.start(config, redirectUri);
      checkOpenable(config, started.authorizationUri());
    } catch (CouponFetchException e) {
      return ReplyWriter.json(
          response, callback, HttpStatus.BAD_REQUEST_400, TestReport.failure(e).toJson());
    } catch (IllegalArgumentException | StackOverflowError e) {
      return ReplyWriter.json(
          response,
          callback,
          HttpStatus.BAD_REQUEST_400,
          TestReport.failure(ApiEndpoints.callersFault(e)).toJson());
    }
    if (!pending.offer(started, config)) {
      long seconds = Math.max(1, pending.untilRoom().plusNanos(999_999_999).toSeconds());
      response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds);
      return ReplyWriter.error(
          response,
          callback,
          HttpStatus.TOO_MANY_REQUESTS_429,
          "too many authorizations in progress ("
              + PendingAuthorizations.MAX
              + "): finish one in its tab, or try again in "
              + seconds
              + " seconds");
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("authorizationUrl", started.authorizationUri().toString());
    return ReplyWriter.json(response, callback, HttpStatus.OK_200, answer.toString());
  }

  /** Takes the pending authorization of the {@code state}, exchanges the code: an HTML page. */
  boolean callback(Request request, Response response, Callback callback) {
    Fields query = Request.extractQueryParameters(request);
    String state = query.getValue("state");
    Optional<PendingAuthorizations.Entry> entry =
        state == null ? Optional.empty() : pending.take(state);
    if (entry.isEmpty()) {
      return ReplyWriter.html(
          response,
          callback,
          HttpStatus.BAD_REQUEST_400,
          Pages.page(
              "Authorization not found",
              "This authorization is unknown, used or expired: press Fetch tokens again."));
    }
    String rawQuery = request.getHttpURI().getQuery();
    CouponSourceConfig config = entry.get().config();
    OAuthTokens tokens;
    try {
      URI back =
          URI.create(origin(request) + CALLBACK_PATH + (rawQuery == null ? "" : "?" + rawQuery));
      tokens = authorizer.complete(config, back, entry.get().pending());
    } catch (IllegalArgumentException e) {
      // The authorization server's redirect is not a URL java.net.URI reads.
      return ReplyWriter.html(
          response,
          callback,
          HttpStatus.BAD_REQUEST_400,
          Pages.page(
              "Authorization failed",
              "The authorization server sent the browser back with an address that is not a"
                  + " well-formed URL.",
              "Press Fetch tokens again; if it happens again, check the provider's settings."));
    } catch (CouponFetchException e) {
      return ReplyWriter.html(
          response,
          callback,
          HttpStatus.BAD_REQUEST_400,
          Pages.page(
              "Authorization failed", e.reason() + ": " + e.getMessage(), "Hint: " + e.hint()));
    }
    return ReplyWriter.html(
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
   * Whether the browser can open the authorization request: an http(s) URL (the config's validation
   * sees to that; checked again because the page navigates to it) that servers accept.
   */
  private static void checkOpenable(CouponSourceConfig config, URI authorizationUri) {
    String scheme = String.valueOf(authorizationUri.getScheme()).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw CouponFetchException.invalidConfig(
          List.of("auth.authorizationUrl: must be an http or https URL"));
    }
    int length = authorizationUri.toString().length();
    if (length <= MAX_AUTHORIZATION_URL) {
      return;
    }
    AuthConfig auth = config.auth();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("auth.scope", auth.scope());
    fields.put("auth.clientId", auth.clientId());
    fields.put("auth.authorizationUrl", auth.authorizationUrl());
    String longest = "auth.authorizationUrl";
    int longestLength = -1;
    for (Map.Entry<String, String> f : fields.entrySet()) {
      int l = f.getValue() == null ? 0 : f.getValue().length();
      if (l > longestLength) {
        longest = f.getKey();
        longestLength = l;
      }
    }
    throw CouponFetchException.invalidConfig(
        List.of(
            longest
                + ": is "
                + longestLength
                + " characters long and makes the authorization URL "
                + length
                + " characters, over the "
                + MAX_AUTHORIZATION_URL
                + " that web servers accept; shorten it"));
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
