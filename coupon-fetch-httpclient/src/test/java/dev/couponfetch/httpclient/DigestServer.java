package dev.couponfetch.httpclient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.authentication.DigestAuthenticator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * A real Jetty 12 server behind Digest authentication (it checks the hash, which WireMock cannot),
 * on a free loopback port. It counts every request that reaches it, challenged ones included, and
 * answers an authenticated request with a coupon; a POST must carry {@link #EXPECTED_BODY}. An
 * authenticated request to {@code /moved} is redirected (302) to {@code /codes?campaign=spring}.
 */
final class DigestServer {
  static final String REALM = "coupons";
  static final String USER = "merchant";
  static final String PASSWORD = "dig3st-Secret-5150";
  static final String EXPECTED_BODY = "{\"campaign\":\"spring\",\"count\":1}";

  private final Server server;
  private final AtomicInteger requests = new AtomicInteger();

  /**
   * Starts the server.
   *
   * @param algorithm {@code MD5} or {@code SHA-256}
   * @param dir a folder for the realm file
   */
  DigestServer(String algorithm, Path dir) throws Exception {
    Path realm = dir.resolve("realm-" + algorithm + ".properties");
    Files.writeString(realm, USER + ": " + PASSWORD + ",user\n", StandardCharsets.UTF_8);
    HashLoginService login = new HashLoginService(REALM, ResourceFactory.root().newResource(realm));
    DigestAuthenticator digest = new DigestAuthenticator();
    digest.setAlgorithm(algorithm);
    SecurityHandler.PathMapped security = new SecurityHandler.PathMapped();
    security.setLoginService(login);
    security.setAuthenticator(digest);
    security.put("/*", Constraint.ANY_USER);
    security.setHandler(new CouponHandler());

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Wrapper(security) {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            requests.incrementAndGet();
            return super.handle(request, response, callback);
          }
        });
    server.start();
  }

  /** {@code http://127.0.0.1:port}. */
  String baseUrl() {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Requests received so far, challenged (401) ones included. */
  int requests() {
    return requests.get();
  }

  void stop() throws Exception {
    server.stop();
  }

  private static final class CouponHandler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      if ("/moved".equals(Request.getPathInContext(request))) {
        response.setStatus(HttpStatus.FOUND_302);
        response.getHeaders().put(HttpHeader.LOCATION, "/codes?campaign=spring");
        callback.succeeded();
        return true;
      }
      String body = Content.Source.asString(request, StandardCharsets.UTF_8);
      if ("POST".equals(request.getMethod()) && !EXPECTED_BODY.equals(body)) {
        response.setStatus(HttpStatus.BAD_REQUEST_400);
        Content.Sink.write(response, true, "unexpected body: " + body, callback);
        return true;
      }
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      Content.Sink.write(response, true, "{\"code\":\"DIGEST-OK\"}", callback);
      return true;
    }
  }
}
