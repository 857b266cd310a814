package dev.couponfetch.examples;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The demo authorization server's authorization endpoint. There is no login page: a valid request
 * from the demo client is approved at once and the browser redirected back to {@code redirect_uri}
 * with {@code code}, {@code state} and {@code iss} (RFC 9207). It insists on PKCE with S256 and
 * accepts only loopback redirect URIs (any port, RFC 8252 section 7.3), the demo's and the tests'.
 *
 * <p>A request whose client or redirect URI is wrong gets a 400 page, never a redirect (RFC 6749
 * section 4.1.2.1); other errors go back to the client as {@code error} on the redirect.
 *
 * <p>Thread-safe: it keeps no state of its own ({@link DemoGrants} holds the codes).
 */
final class DemoAuthorizationEndpoint {
  private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

  private final DemoGrants grants;
  private final Supplier<String> issuer;

  DemoAuthorizationEndpoint(DemoGrants grants, Supplier<String> issuer) {
    this.grants = grants;
    this.issuer = issuer;
  }

  /** Answers {@code GET /authorize?...}. */
  boolean handle(Request request, Response response, Callback callback) {
    if (!"GET".equals(request.getMethod())) {
      return page(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "use GET");
    }
    AuthorizationRequest ar;
    try {
      ar = AuthorizationRequest.parse(request.getHttpURI().toURI());
    } catch (ParseException e) {
      return page(response, callback, HttpStatus.BAD_REQUEST_400, "malformed: " + e.getMessage());
    }
    if (!DemoOAuthServer.CLIENT_ID.equals(ar.getClientID().getValue())) {
      return page(response, callback, HttpStatus.BAD_REQUEST_400, "unknown client_id");
    }
    URI redirect = ar.getRedirectionURI();
    if (!isLoopback(redirect)) {
      return page(
          response, callback, HttpStatus.BAD_REQUEST_400, "redirect_uri must be a loopback URL");
    }
    Issuer iss = new Issuer(issuer.get());
    ErrorObject error = null;
    if (!ResponseType.CODE.equals(ar.getResponseType())) {
      error = OAuth2Error.UNSUPPORTED_RESPONSE_TYPE;
    } else if (ar.getCodeChallenge() == null
        || !CodeChallengeMethod.S256.equals(ar.getCodeChallengeMethod())) {
      error = OAuth2Error.INVALID_REQUEST.setDescription("PKCE with S256 is required");
    }
    URI location;
    if (error != null) {
      location =
          new AuthorizationErrorResponse(redirect, error, ar.getState(), iss, ResponseMode.QUERY)
              .toURI();
    } else {
      String code =
          grants.newCode(
              ar.getClientID().getValue(), redirect, ar.getCodeChallenge(), ar.getScope());
      location =
          new AuthorizationSuccessResponse(
                  redirect,
                  new AuthorizationCode(code),
                  null,
                  ar.getState(),
                  iss,
                  ResponseMode.QUERY)
              .toURI();
    }
    response.setStatus(HttpStatus.FOUND_302);
    response.getHeaders().put(HttpHeader.LOCATION, location.toString());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    callback.succeeded();
    return true;
  }

  private static boolean isLoopback(URI uri) {
    if (uri == null || uri.getRawFragment() != null || uri.getHost() == null) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https"))
        && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
  }

  private static boolean page(Response response, Callback callback, int status, String message) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    Content.Sink.write(
        response, true, "authorization request refused: " + message + "\n", callback);
    return true;
  }
}
