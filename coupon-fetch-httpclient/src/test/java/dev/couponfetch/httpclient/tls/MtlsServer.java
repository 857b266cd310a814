package dev.couponfetch.httpclient.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
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
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A real Jetty 12 HTTPS server on a free loopback port that requires a client certificate issued by
 * one CA ({@code needClientAuth}). It records the subject of the certificate each request came with
 * (and the Authorization header) and answers {@code {"code":"MTLS-<n>"}}, or, at {@code /token}, a
 * token response. Thread-safe.
 */
public final class MtlsServer implements AutoCloseable {
  private final Server server;
  private final List<String> subjects = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();

  /**
   * Starts a server whose own certificate {@code serverCa} issued (for 127.0.0.1 and localhost),
   * trusting client certificates issued by {@code clientCa}; {@code need} false makes the client
   * certificate optional (the server asks, and records none when none comes).
   */
  public MtlsServer(TestPki serverCa, TestPki clientCa, Path dir, boolean need) throws Exception {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(
        serverCa.serverKeyStore(dir, new String[] {"127.0.0.1"}, "localhost").toString());
    ssl.setKeyStoreType("PKCS12");
    ssl.setKeyStorePassword(new String(TestPki.PASSWORD));
    ssl.setTrustStore(clientCa.trustStore());
    if (need) {
      ssl.setNeedClientAuth(true);
    } else {
      ssl.setWantClientAuth(true);
    }
    server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Recorder());
    server.start();
  }

  /** {@code https://127.0.0.1:port}. */
  public String baseUrl() {
    return "https://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The subject of the client certificate of each request so far ("none" without one). */
  public List<String> subjects() {
    return List.copyOf(subjects);
  }

  /** The Authorization header of each request so far ("none" without one). */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** The body of each request so far. */
  public List<String> bodies() {
    return List.copyOf(bodies);
  }

  public void clear() {
    subjects.clear();
    authorizations.clear();
    bodies.clear();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private final class Recorder extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      EndPoint.SslSessionData tls =
          (EndPoint.SslSessionData) request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
      X509Certificate[] peer = tls == null ? null : tls.peerCertificates();
      subjects.add(
          peer == null || peer.length == 0 ? "none" : peer[0].getSubjectX500Principal().getName());
      String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      authorizations.add(authorization == null ? "none" : authorization);
      bodies.add(Content.Source.asString(request, StandardCharsets.UTF_8));
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      String body =
          Request.getPathInContext(request).equals("/token")
              ? "{\"access_token\":\"mtls-access-token-1\",\"token_type\":\"Bearer\","
                  + "\"expires_in\":3600}"
              : "{\"code\":\"MTLS-" + subjects.size() + "\"}";
      Content.Sink.write(response, true, body, callback);
      return true;
    }
  }
}
