package dev.couponfetch.examples.serve;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards every request, then routes it to the page's files or the JSON API. The guards, in order:
 * the {@code Host} header (DNS rebinding), the path (404), the method (405), for POSTs the
 * browser's word on where the request came from ({@code Sec-Fetch-Site}, {@code Origin}: 403 unless
 * this server's own page), the {@code Content-Type} (415, CSRF), and the body: its size (413), its
 * form (400) and the time it takes to arrive (408), read without holding a thread. Thread-safe.
 */
final class Router extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  private static final Set<String> POSTS =
      Set.of("/api/test", "/api/map", "/api/fetch", "/api/oauth/start", "/api/curl");

  private final ApiEndpoints api;
  private final OAuthEndpoints oauth;
  private final Duration bodyTimeout;

  Router(ApiEndpoints api, OAuthEndpoints oauth, Duration bodyTimeout) {
    this.api = api;
    this.oauth = oauth;
    this.bodyTimeout = Objects.requireNonNull(bodyTimeout, "bodyTimeout == null");
  }

  /** One step of an answer; returns whether the request is handled, as {@link #handle} does. */
  private interface Step {
    boolean run() throws Exception;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    boolean isApi = path.startsWith("/api/");
    return safely(
        request,
        path,
        isApi,
        response,
        callback,
        () -> route(path, isApi, request, response, callback));
  }

  /** Runs {@code step}; an exception it throws answers 500, never a stack trace. */
  private static boolean safely(
      Request request,
      String path,
      boolean isApi,
      Response response,
      Callback callback,
      Step step) {
    try {
      return step.run();
    } catch (Exception e) {
      // The class only: an unexpected exception's message is not known to be free of secrets.
      LOG.warn("unexpected failure answering {} {}: {}", request.getMethod(), path, e.getClass());
      if (response.isCommitted()) {
        callback.failed(e);
        return true;
      }
      response.reset();
      return isApi
          ? ReplyWriter.error(
              response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "internal error")
          : ReplyWriter.text(
              response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "internal error\n");
    }
  }

  private boolean route(
      String path, boolean isApi, Request request, Response response, Callback callback)
      throws Exception {
    int port = Request.getLocalPort(request);
    boolean hasBody = request.getLength() != 0; // -1: chunked
    if (hasBody) {
      // A request refused before its body is read leaves that body on the connection: end the
      // connection with the answer, so that a client does not send its next request after it.
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }
    if (!hostAllowed(request.getHeaders().get(HttpHeader.HOST), port)) {
      String message =
          "forbidden: open this server as http://127.0.0.1:" + port + "/ (the Host header)";
      return isApi
          ? ReplyWriter.error(response, callback, HttpStatus.FORBIDDEN_403, message)
          : ReplyWriter.text(response, callback, HttpStatus.FORBIDDEN_403, message + "\n");
    }
    String method = request.getMethod();
    if (!isApi) {
      if (!StaticFiles.serves(path)) {
        return ReplyWriter.text(response, callback, HttpStatus.NOT_FOUND_404, "not found\n");
      }
      if (!"GET".equals(method)) {
        return ReplyWriter.methodNotAllowed(response, callback, "GET", false);
      }
      return StaticFiles.serve(path, response, callback);
    }
    if (path.equals(OAuthEndpoints.CALLBACK_PATH)) {
      // A GET by nature: the authorization server redirects the browser here, from its site.
      if (!"GET".equals(method)) {
        return ReplyWriter.methodNotAllowed(response, callback, "GET", true);
      }
      return oauth.callback(request, response, callback);
    }
    if (!POSTS.contains(path)) {
      return ReplyWriter.error(response, callback, HttpStatus.NOT_FOUND_404, "not found");
    }
    if (!"POST".equals(method)) {
      return ReplyWriter.methodNotAllowed(response, callback, "POST", true);
    }
    if (!fromOwnPage(
        request.getHeaders().getValuesList("Sec-Fetch-Site"),
        request.getHeaders().getValuesList(HttpHeader.ORIGIN),
        port)) {
      return ReplyWriter.error(
          response,
          callback,
          HttpStatus.FORBIDDEN_403,
          "forbidden: the API answers only the settings page itself, not another site's page"
              + " (the Sec-Fetch-Site and Origin headers)");
    }
    if (!isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
      return ReplyWriter.error(
          response,
          callback,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          "send the body as Content-Type: application/json");
    }
    if (hasBody) {
      response.getHeaders().remove(HttpHeader.CONNECTION); // the body is read: keep the connection
    }
    BodyReader.read(
        request,
        ApiRequest.MAX_BODY,
        bodyTimeout,
        new BodyReader.Outcome() {
          @Override
          public void body(String body) {
            safely(
                request,
                path,
                true,
                response,
                callback,
                () -> post(path, body, request, response, callback));
          }

          @Override
          public void refused(int status, String message) {
            // What is left of the body is in an unknown state: end the connection with this answer.
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            ReplyWriter.error(response, callback, status, message);
          }
        });
    return true;
  }

  private boolean post(
      String path, String body, Request request, Response response, Callback callback) {
    switch (path) {
      case "/api/test":
        return api.test(body, response, callback);
      case "/api/fetch":
        return api.fetch(body, response, callback);
      case "/api/curl":
        return CurlEndpoint.answer(body, response, callback);
      case "/api/map":
        return api.map(body, response, callback);
      default:
        return oauth.start(body, request, response, callback);
    }
  }

  /**
   * Whether the browser came to this server by its loopback name. A page of another site whose host
   * name was rebound to 127.0.0.1 sends its own name here, and is refused.
   */
  static boolean hostAllowed(String host, int port) {
    if (host == null) {
      return false;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    String p = ":" + port;
    return h.equals("127.0.0.1" + p) || h.equals("localhost" + p) || h.equals("[::1]" + p);
  }

  /**
   * Whether a POST comes from this server's own page, as far as a browser says: {@code
   * Sec-Fetch-Site} is {@code same-origin} (or {@code none}, the user's own action), and {@code
   * Origin} is this server's own. A request with neither header is not from a browser's page (a
   * script on this machine, {@code curl}) and is let through. {@code same-site} is refused: a page
   * on another port of this machine is the same site, but not this server.
   */
  static boolean fromOwnPage(List<String> secFetchSite, List<String> origin, int port) {
    for (String site : secFetchSite) {
      String s = site.trim().toLowerCase(Locale.ROOT);
      if (!s.equals("same-origin") && !s.equals("none")) {
        return false;
      }
    }
    for (String o : origin) {
      String h = o.trim().toLowerCase(Locale.ROOT);
      String p = ":" + port;
      if (!h.equals("http://127.0.0.1" + p)
          && !h.equals("http://localhost" + p)
          && !h.equals("http://[::1]" + p)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code contentType} is JSON. A cross-site form can only send form types and {@code
   * text/plain}; JSON needs a CORS preflight, which this server never answers.
   */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().equalsIgnoreCase("application/json");
  }
}
