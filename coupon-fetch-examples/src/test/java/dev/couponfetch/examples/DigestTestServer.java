package dev.couponfetch.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
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
 * A real Jetty 12 server behind Digest authentication (SHA-256; it checks the hash, which WireMock
 * cannot) on a free loopback port, answering an authenticated request with {@code
 * {"code":"DIGEST-OK"}}. After coupon-fetch-httpclient's test DigestServer.
 */
final class DigestTestServer {
  static final String USER = "merchant";

  private final Server server;

  /**
   * Starts the server for {@link #USER} with {@code password}; {@code dir} holds the realm file.
   */
  DigestTestServer(String password, Path dir) throws Exception {
    Path realm = dir.resolve("digest-realm.properties");
    Files.writeString(realm, USER + ": " + password + ",user\n", StandardCharsets.UTF_8);
    HashLoginService login =
        new HashLoginService("coupons", ResourceFactory.root().newResource(realm));
    DigestAuthenticator digest = new DigestAuthenticator();
    digest.setAlgorithm("SHA-256");
    SecurityHandler.PathMapped security = new SecurityHandler.PathMapped();
    security.setLoginService(login);
    security.setAuthenticator(digest);
    security.put("/*", Constraint.ANY_USER);
    security.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, "{\"code\":\"DIGEST-OK\"}", callback);
            return true;
          }
        });
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(security);
    server.start();
  }

  /** {@code http://127.0.0.1:port}. */
  String baseUrl() {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  void stop() throws Exception {
    server.stop();
  }
}
