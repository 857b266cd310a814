package dev.couponfetch.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The demo server's session login: {@code POST /session/login} with {@code {"username": USER,
 * "password": PASSWORD}} answers {@code {"data": {"token": …}}}; {@code GET /session/coupon} wants
 * that token in {@code X-Session-Token}. Thread-safe.
 */
final class DemoSessions {
  /** The header the demo's coupon endpoint reads the session token from. */
  static final String TOKEN_HEADER = "X-Session-Token";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final SecureRandom random = new SecureRandom();
  private final UnaryOperator<String> newCode;

  DemoSessions(UnaryOperator<String> newCode) {
    this.newCode = newCode;
  }

  boolean login(Request request, Response response, Callback callback) throws IOException {
    JsonNode body;
    try {
      body = JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return write(response, callback, HttpStatus.BAD_REQUEST_400, error("the body is not JSON"));
    }
    if (body == null
        || !DemoCouponServer.USER.equals(body.path("username").asText(null))
        || !DemoCouponServer.PASSWORD.equals(body.path("password").asText(null))) {
      return write(response, callback, HttpStatus.UNAUTHORIZED_401, error("bad credentials"));
    }
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    sessions.add(token);
    ObjectNode root = JSON.createObjectNode();
    root.putObject("data").put("token", token);
    return write(response, callback, HttpStatus.OK_200, root);
  }

  boolean coupon(Request request, Response response, Callback callback) {
    String token = request.getHeaders().get(TOKEN_HEADER);
    if (token == null || !sessions.contains(token)) {
      return write(
          response, callback, HttpStatus.UNAUTHORIZED_401, error("missing or unknown session"));
    }
    ObjectNode root = JSON.createObjectNode();
    root.putObject("coupon").put("code", newCode.apply("SESSION"));
    return write(response, callback, HttpStatus.OK_200, root);
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static boolean write(Response response, Callback callback, int status, JsonNode body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    Content.Sink.write(response, true, body.toString(), callback);
    return true;
  }
}
