package dev.couponfetch.examples.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the server's answers, each with the same security headers: nothing is cached, nothing is
 * sniffed, no referrer leaves, the page runs only its own script and style and cannot be framed.
 * Every method completes the callback and returns true (the request is handled). Stateless.
 */
final class ReplyWriter {
  static final String JSON = "application/json; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";
  static final String CSP =
      "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:;"
          + " frame-ancestors 'none'; form-action 'self'";

  private ReplyWriter() {}

  static boolean json(Response response, Callback callback, int status, String json) {
    return bytes(response, callback, status, JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {"error": message}}. */
  static boolean error(Response response, Callback callback, int status, String message) {
    String body = JsonNodeFactory.instance.objectNode().put("error", message).toString();
    return json(response, callback, status, body);
  }

  static boolean html(Response response, Callback callback, int status, String html) {
    return bytes(response, callback, status, HTML, html.getBytes(StandardCharsets.UTF_8));
  }

  static boolean text(Response response, Callback callback, int status, String text) {
    return bytes(response, callback, status, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** 405 with {@code Allow}. */
  static boolean methodNotAllowed(
      Response response, Callback callback, String allowed, boolean json) {
    response.getHeaders().put(HttpHeader.ALLOW, allowed);
    String message = "method not allowed: use " + allowed;
    return json
        ? error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, message)
        : text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, message + "\n");
  }

  static boolean bytes(
      Response response, Callback callback, int status, String contentType, byte[] body) {
    securityHeaders(response);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  private static void securityHeaders(Response response) {
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("Content-Security-Policy", CSP);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
  }
}
