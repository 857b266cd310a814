package dev.couponfetch.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A small coupon endpoint on {@code 127.0.0.1} (a free port) with one path per authentication and
 * request type, standing in for a merchant's endpoint in the {@code demo} command, the examples and
 * tests. Every code it hands out is unique (a counter plus random letters).
 *
 * <ul>
 *   <li>{@code GET /open/coupon}, no auth: {@code [{"data":{"coupon":"OPEN-1001-K7QX"}}]}
 *   <li>{@code POST /basic/coupons}, Basic {@value #USER} / {@value #PASSWORD}, a JSON payload with
 *       {@code email}: {@code {"coupon":{"code":"ADA-1002-…","email":…,"expires":…}}}, the code
 *       made from the email it received
 *   <li>{@code GET /digest/coupon}, Digest SHA-256 (Jetty's own), realm {@value #REALM}: {@code
 *       {"coupon":"DIGEST-…"}}
 *   <li>{@code GET /query/coupon?api_key=}{@value #API_KEY}: {@code {"data":{"code":…,
 *       "validUntil":<epoch seconds>}}}
 *   <li>{@code POST /header/coupon}, header {@code X-Api-Key}, a form with {@code campaign}: the
 *       code as plain text
 *   <li>{@code GET /signed/coupon}, headers {@code X-Demo-Timestamp} (epoch seconds, within 5
 *       minutes) and {@code X-Demo-Signature}, the hex HMAC-SHA256 under {@value #API_KEY} of
 *       {@code GET\n/signed/coupon\n<timestamp>} ({@link #signature}): {@code
 *       {"coupon":"SIGNED-…"}}; a scheme no built-in type speaks, for a custom authenticator
 *   <li>{@code POST /hmac/coupon}, JSON, signed as the built-in {@code HMAC} type documents it:
 *       {@code X-Signature: sha256=<hex HMAC-SHA256 under }{@value #HMAC_SECRET}{@code >} of {@code
 *       METHOD\nPATH\nQUERY\nTIMESTAMP\nNONCE\nBODY_SHA256}, {@code X-Timestamp} (epoch seconds,
 *       within 5 minutes), {@code X-Nonce} (never seen before), {@code X-Key-Id} {@value
 *       #HMAC_KEY_ID}: {@code {"coupon":"HMAC-…"}} ({@link HmacDemoVerifier})
 *   <li>{@code GET /bulk/coupons}, no auth: {@code {"codes":[{"code":…,"expires":"2027-03-01"},
 *       …]}}, three codes
 *   <li>{@code GET /oauth/coupon}, an OAuth2 bearer token that {@link BearerVerifier} accepts (a
 *       JWT signed by the demo OAuth2 server): {@code {"coupon":{"code":"OAUTH-…","client":…}}};
 *       only on a server started with a verifier
 *   <li>{@code GET /mtls/coupon} on the HTTPS port ({@link #mtlsUrl}), which requires a client
 *       certificate issued by the demo CA ({@link DemoCertificates}): {@code
 *       {"coupon":{"code":"MTLS-…","client":<the certificate's subject>}}}
 * </ul>
 *
 * <p>Thread-safe. Close it to stop the server.
 */
public final class DemoCouponServer implements AutoCloseable {
  /** The username of the Basic and Digest endpoints. */
  public static final String USER = "demo";

  /** The password of the Basic and Digest endpoints. */
  public static final String PASSWORD = "demo-s3cret";

  /** The API key of the query-string and header endpoints. */
  public static final String API_KEY = "demo-key-42";

  /** The key of the request signatures {@code POST /hmac/coupon} checks. */
  public static final String HMAC_SECRET = HmacDemoVerifier.SECRET;

  /** The key id {@code POST /hmac/coupon} expects in {@code X-Key-Id}. */
  public static final String HMAC_KEY_ID = HmacDemoVerifier.KEY_ID;

  /** The Digest realm. */
  public static final String REALM = "coupon-demo";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final String[] BULK_EXPIRIES = {"2027-03-01", "2027-06-30", "2027-12-31"};

  private final Server server;
  private final ServerConnector connector;
  // HTTPS, requiring a client certificate of the demo CA (mutual TLS).
  private final ServerConnector mtlsConnector;
  private final AtomicInteger counter = new AtomicInteger(1000);
  private final SecureRandom random = new SecureRandom();
  private final BearerVerifier bearer;
  private final DemoSessions sessions = new DemoSessions(this::newCode);
  private final HmacDemoVerifier hmac = new HmacDemoVerifier();

  private DemoCouponServer(BearerVerifier bearer) {
    this.bearer = bearer;
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    mtlsConnector = mtlsConnector(server);
    server.addConnector(mtlsConnector);
    server.setHandler(DigestGuard.forDigestPaths(REALM, USER, PASSWORD, new Endpoints()));
  }

  /**
   * Starts a server on {@code 127.0.0.1} and a free port.
   *
   * @throws IllegalStateException when the server cannot start
   */
  public static DemoCouponServer start() {
    return start(null);
  }

  /** Starts a server whose {@code /oauth/coupon} accepts the tokens {@code bearer} verifies. */
  static DemoCouponServer start(BearerVerifier bearer) {
    DemoCouponServer demo = new DemoCouponServer(bearer);
    try {
      demo.server.start();
    } catch (Exception e) {
      try {
        demo.server.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException("cannot start the demo coupon server: " + e.getMessage(), e);
    }
    return demo;
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  /**
   * The signature {@code GET /signed/coupon} expects: hex HMAC-SHA256 under {@code key} of {@code
   * method + "\n" + path + "\n" + timestamp}.
   */
  public static String signature(String key, String method, String path, String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sig =
          mac.doFinal((method + "\n" + path + "\n" + timestamp).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static ServerConnector mtlsConnector(Server server) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(DemoCertificates.serverKeyStore());
    ssl.setKeyStorePassword(DemoCertificates.SERVER_KEYSTORE_PASSWORD);
    ssl.setTrustStore(DemoCertificates.clientTrustStore());
    ssl.setNeedClientAuth(true);
    HttpConfiguration http = new HttpConfiguration();
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    ServerConnector c =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    c.setHost("127.0.0.1");
    c.setPort(0);
    return c;
  }

  /**
   * The absolute https URL of {@code path} on the port that requires a client certificate of the
   * demo CA.
   */
  public String mtlsUrl(String path) {
    return "https://127.0.0.1:" + mtlsConnector.getLocalPort() + path;
  }

  /** The absolute URL of {@code path} (which starts with {@code /}). */
  public String url(String path) {
    return baseUri() + path;
  }

  /** Stops the server. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the demo coupon server: " + e.getMessage(), e);
    }
  }

  private String newCode(String prefix) {
    StringBuilder s = new StringBuilder(prefix).append('-').append(counter.incrementAndGet());
    s.append('-');
    for (int i = 0; i < 4; i++) {
      s.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
    }
    return s.toString();
  }

  /** Routes by path and checks method, credentials and payload the way a merchant's API would. */
  private final class Endpoints extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback)
        throws IOException {
      String path = Request.getPathInContext(request);
      String method = request.getMethod();
      switch (path) {
        case "/open/coupon":
          return expect(method, "GET", response, callback) && open(response, callback);
        case "/basic/coupons":
          return expect(method, "POST", response, callback) && basic(request, response, callback);
        case "/digest/coupon":
          // Reached only when Jetty's DigestAuthenticator accepted the credentials.
          return expect(method, "GET", response, callback)
              && json(response, callback, JSON.createObjectNode().put("coupon", newCode("DIGEST")));
        case "/query/coupon":
          return expect(method, "GET", response, callback) && query(request, response, callback);
        case "/header/coupon":
          return expect(method, "POST", response, callback) && header(request, response, callback);
        case "/bulk/coupons":
          return expect(method, "GET", response, callback) && bulk(response, callback);
        case "/signed/coupon":
          return expect(method, "GET", response, callback) && signed(request, response, callback);
        case "/oauth/coupon":
          return expect(method, "GET", response, callback) && oauth(request, response, callback);
        case "/session/login":
          return expect(method, "POST", response, callback)
              && sessions.login(request, response, callback);
        case "/session/coupon":
          return expect(method, "GET", response, callback)
              && sessions.coupon(request, response, callback);
        case "/hmac/coupon":
          return expect(method, "POST", response, callback) && hmac(request, response, callback);
        case "/mtls/coupon":
          return expect(method, "GET", response, callback) && mtls(request, response, callback);
        default:
          return error(response, callback, HttpStatus.NOT_FOUND_404, "no such endpoint: " + path);
      }
    }

    private boolean expect(String method, String wanted, Response response, Callback callback) {
      if (method.equals(wanted)) {
        return true;
      }
      response.getHeaders().put(HttpHeader.ALLOW, wanted);
      error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "use " + wanted);
      return false;
    }

    /** Only on the HTTPS port, where Jetty required and verified the client certificate. */
    private boolean mtls(Request request, Response response, Callback callback) {
      EndPoint.SslSessionData tls =
          (EndPoint.SslSessionData) request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
      X509Certificate[] peer = tls == null ? null : tls.peerCertificates();
      if (peer == null || peer.length == 0) {
        return error(
            response, callback, HttpStatus.FORBIDDEN_403, "a client certificate is required");
      }
      ObjectNode body = JSON.createObjectNode();
      body.putObject("coupon")
          .put("code", newCode("MTLS"))
          .put("client", peer[0].getSubjectX500Principal().getName());
      return json(response, callback, body);
    }

    private boolean open(Response response, Callback callback) {
      ArrayNode body = JSON.createArrayNode();
      body.addObject().putObject("data").put("coupon", newCode("OPEN"));
      return json(response, callback, body);
    }

    private boolean basic(Request request, Response response, Callback callback)
        throws IOException {
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
        return error(response, callback, HttpStatus.UNAUTHORIZED_401, "bad credentials");
      }
      String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
      if (contentType == null || !contentType.startsWith("application/json")) {
        return error(response, callback, 415, "send application/json");
      }
      JsonNode payload;
      try {
        payload = JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
      } catch (IOException e) {
        return error(response, callback, HttpStatus.BAD_REQUEST_400, "the body is not JSON");
      }
      String email = payload == null ? "" : payload.path("email").asText("");
      // A template that was not filled in ("{{email}}") fails here, proving substitution.
      if (!email.matches("[^@\\s{}]+@[^@\\s{}]+")) {
        return error(
            response, callback, HttpStatus.BAD_REQUEST_400, "payload.email is not an email");
      }
      String owner = email.substring(0, email.indexOf('@')).replaceAll("[^A-Za-z0-9]", "");
      ObjectNode root = JSON.createObjectNode();
      ObjectNode coupon = root.putObject("coupon");
      coupon.put("code", newCode(owner.isEmpty() ? "MAIL" : owner.toUpperCase(Locale.ROOT)));
      coupon.put("email", email);
      coupon.put("expires", "2027-03-01T12:00:00Z");
      return json(response, callback, root);
    }

    private boolean signed(Request request, Response response, Callback callback) {
      String timestamp = request.getHeaders().get("X-Demo-Timestamp");
      String given = request.getHeaders().get("X-Demo-Signature");
      long now = System.currentTimeMillis() / 1000;
      if (timestamp == null
          || !timestamp.matches("[0-9]{1,12}")
          || Math.abs(now - Long.parseLong(timestamp)) > 300) {
        return error(response, callback, HttpStatus.UNAUTHORIZED_401, "missing or stale timestamp");
      }
      String expected = signature(API_KEY, "GET", "/signed/coupon", timestamp);
      if (given == null
          || !MessageDigest.isEqual(
              expected.getBytes(StandardCharsets.US_ASCII),
              given.getBytes(StandardCharsets.US_ASCII))) {
        return error(response, callback, HttpStatus.UNAUTHORIZED_401, "wrong X-Demo-Signature");
      }
      return json(response, callback, JSON.createObjectNode().put("coupon", newCode("SIGNED")));
    }

    private boolean query(Request request, Response response, Callback callback) {
      Fields query = Request.extractQueryParameters(request);
      if (!API_KEY.equals(query.getValue("api_key"))) {
        return error(response, callback, HttpStatus.UNAUTHORIZED_401, "missing or wrong api_key");
      }
      ObjectNode root = JSON.createObjectNode();
      // 2027-03-01T00:00:00Z as epoch seconds: the AUTO expiry format reads it.
      root.putObject("data").put("code", newCode("QUERY")).put("validUntil", 1803859200L);
      return json(response, callback, root);
    }

    private boolean header(Request request, Response response, Callback callback)
        throws IOException {
      if (!API_KEY.equals(request.getHeaders().get("X-Api-Key"))) {
        return error(response, callback, HttpStatus.UNAUTHORIZED_401, "missing or wrong X-Api-Key");
      }
      String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
      if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
        return error(response, callback, 415, "send application/x-www-form-urlencoded");
      }
      Fields form;
      try {
        form = Request.getParameters(request);
      } catch (Exception e) {
        return error(response, callback, HttpStatus.BAD_REQUEST_400, "unreadable form");
      }
      String campaign = form.getValue("campaign");
      if (campaign == null || campaign.isBlank()) {
        return error(response, callback, HttpStatus.BAD_REQUEST_400, "form field campaign missing");
      }
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      String prefix = campaign.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
      Content.Sink.write(
          response, true, newCode(prefix.isEmpty() ? "FORM" : prefix) + "\n", callback);
      return true;
    }

    private boolean bulk(Response response, Callback callback) {
      ObjectNode root = JSON.createObjectNode();
      ArrayNode codes = root.putArray("codes");
      for (String expires : BULK_EXPIRIES) {
        codes.addObject().put("code", newCode("BULK")).put("expires", expires);
      }
      return json(response, callback, root);
    }

    private boolean oauth(Request request, Response response, Callback callback) {
      if (bearer == null) {
        return error(response, callback, HttpStatus.NOT_FOUND_404, "OAuth2 is not enabled");
      }
      String client;
      try {
        client = bearer.verify(request.getHeaders().get(HttpHeader.AUTHORIZATION));
      } catch (BearerVerifier.Refused e) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        return error(response, callback, HttpStatus.UNAUTHORIZED_401, e.getMessage());
      }
      ObjectNode root = JSON.createObjectNode();
      root.putObject("coupon").put("code", newCode("OAUTH")).put("client", client);
      return json(response, callback, root);
    }

    private boolean hmac(Request request, Response response, Callback callback) throws IOException {
      byte[] body;
      try (InputStream in = Content.Source.asInputStream(request)) {
        body = in.readAllBytes();
      }
      String refusal = hmac.refusal(request, body);
      if (refusal != null) {
        return error(response, callback, HttpStatus.UNAUTHORIZED_401, refusal);
      }
      return json(response, callback, JSON.createObjectNode().put("coupon", newCode("HMAC")));
    }

    private boolean json(Response response, Callback callback, JsonNode body) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
      Content.Sink.write(response, true, body.toString(), callback);
      return true;
    }

    private boolean error(Response response, Callback callback, int status, String message) {
      response.setStatus(status);
      return json(response, callback, JSON.createObjectNode().put("error", message));
    }
  }
}
