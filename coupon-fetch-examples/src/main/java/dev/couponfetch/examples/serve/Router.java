package dev.couponfetch.examples.serve;

import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards every request, then routes it to the page's files or the JSON API. The guards, in order:
 * the {@code Host} header (DNS rebinding), the path (404), the method (405), for POSTs the {@code
 * Content-Type} (415, CSRF) and the body's size (413). Thread-safe.
 */
final class Router extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  private static final Set<String> POSTS = Set.of("/api/test", "/api/fetch");
  private static final Set<String> GETS = Set.of("/api/oauth/start", "/api/oauth/callback");

  private final ApiEndpoints api;
  private final OAuthEndpoints oauth;

  Router(ApiEndpoints api, OAuthEndpoints oauth) {
    this.api = api;
    this.oauth = oauth;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    boolean isApi = path.startsWith("/api/");
    try {
      return route(path, isApi, request, response, callback);
    } catch (Exception e) {
      // The class only: an unexpected exception's message is not known to be free of secrets.
      LOG.warn("unexpected failure answering {} {}: {}", request.getMethod(), path, e.getClass());
      if (response.isCommitted()) {
        callback.failed(e);
        return true;
      }
      response.reset();
      return isApi
          ? Answers.error(
              response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "internal error")
          : Answers.text(
              response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "internal error\n");
    }
  }

  private boolean route(
      String path, boolean isApi, Request request, Response response, Callback callback)
      throws Exception {
    int port = Request.getLocalPort(request);
    if (!hostAllowed(request.getHeaders().get(HttpHeader.HOST), port)) {
      String message =
          "forbidden: open this server as http://127.0.0.1:" + port + "/ (the Host header)";
      return isApi
          ? Answers.error(response, callback, HttpStatus.FORBIDDEN_403, message)
          : Answers.text(response, callback, HttpStatus.FORBIDDEN_403, message + "\n");
    }
    String method = request.getMethod();
    if (!isApi) {
      if (!StaticFiles.serves(path)) {
        return Answers.text(response, callback, HttpStatus.NOT_FOUND_404, "not found\n");
      }
      if (!"GET".equals(method)) {
        return Answers.methodNotAllowed(response, callback, "GET", false);
      }
      return StaticFiles.serve(path, response, callback);
    }
    if (GETS.contains(path)) {
      if (!"GET".equals(method)) {
        return Answers.methodNotAllowed(response, callback, "GET", true);
      }
      return path.equals("/api/oauth/start")
          ? oauth.start(request, response, callback)
          : oauth.callback(request, response, callback);
    }
    if (!POSTS.contains(path)) {
      return Answers.error(response, callback, HttpStatus.NOT_FOUND_404, "not found");
    }
    if (!"POST".equals(method)) {
      return Answers.methodNotAllowed(response, callback, "POST", true);
    }
    if (!isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
      return Answers.error(
          response,
          callback,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          "send the body as Content-Type: application/json");
    }
    String body;
    try {
      body = ApiRequest.readBody(request);
    } catch (ApiRequest.TooLarge e) {
      return Answers.error(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, e.getMessage());
    }
    return path.equals("/api/test")
        ? api.test(body, response, callback)
        : api.fetch(body, response, callback);
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
