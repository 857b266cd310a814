package dev.couponfetch.httpclient;

import dev.couponfetch.httpclient.internal.RequestClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Times the blocking client's connections for the {@link RequestClock} of the sending thread: the
 * whole connect (lookup, TCP, handshake) in the operator, the handshake in the TLS strategy. With
 * no clock on the thread they only pass the call on.
 */
final class ConnectionTimers {
  private ConnectionTimers() {}

  /** {@code tls}, its handshakes timed. */
  static TlsSocketStrategy timed(TlsSocketStrategy tls) {
    return (Socket socket, String target, int port, Object attachment, HttpContext context) -> {
      RequestClock clock = RequestClock.current();
      if (clock == null) {
        return tls.upgrade(socket, target, port, attachment, context);
      }
      clock.handshaking();
      long start = System.nanoTime();
      SSLSocket upgraded = tls.upgrade(socket, target, port, attachment, context);
      clock.handshaken(System.nanoTime() - start);
      return upgraded;
    };
  }

  /** {@code operator}, its connects timed. */
  static HttpClientConnectionOperator timed(HttpClientConnectionOperator operator) {
    return new TimedOperator(operator);
  }

  /** Passes every call on; times the connects. */
  private static final class TimedOperator implements HttpClientConnectionOperator {
    private final HttpClientConnectionOperator delegate;

    TimedOperator(HttpClientConnectionOperator delegate) {
      this.delegate = delegate;
    }

    private interface Connect {
      void run() throws IOException;
    }

    private static void timed(Connect connect) throws IOException {
      RequestClock clock = RequestClock.current();
      if (clock == null) {
        connect.run();
        return;
      }
      clock.connecting();
      long start = System.nanoTime();
      connect.run();
      clock.connected(System.nanoTime() - start);
    }

    @Override
    public void connect(
        ManagedHttpClientConnection conn,
        HttpHost host,
        InetSocketAddress localAddress,
        TimeValue connectTimeout,
        SocketConfig socketConfig,
        HttpContext context)
        throws IOException {
      timed(
          () -> delegate.connect(conn, host, localAddress, connectTimeout, socketConfig, context));
    }

    @Override
    public void connect(
        ManagedHttpClientConnection conn,
        HttpHost host,
        NamedEndpoint endpointName,
        InetSocketAddress localAddress,
        Timeout connectTimeout,
        SocketConfig socketConfig,
        Object attachment,
        HttpContext context)
        throws IOException {
      timed(
          () ->
              delegate.connect(
                  conn,
                  host,
                  endpointName,
                  localAddress,
                  connectTimeout,
                  socketConfig,
                  attachment,
                  context));
    }

    @Override
    public void connect(
        ManagedHttpClientConnection conn,
        HttpHost host,
        NamedEndpoint endpointName,
        Path unixDomainSocket,
        InetSocketAddress localAddress,
        Timeout connectTimeout,
        SocketConfig socketConfig,
        Object attachment,
        HttpContext context)
        throws IOException {
      timed(
          () ->
              delegate.connect(
                  conn,
                  host,
                  endpointName,
                  unixDomainSocket,
                  localAddress,
                  connectTimeout,
                  socketConfig,
                  attachment,
                  context));
    }

    @Override
    public void upgrade(ManagedHttpClientConnection conn, HttpHost host, HttpContext context)
        throws IOException {
      delegate.upgrade(conn, host, context);
    }

    @Override
    public void upgrade(
        ManagedHttpClientConnection conn,
        HttpHost host,
        NamedEndpoint endpointName,
        Object attachment,
        HttpContext context)
        throws IOException {
      delegate.upgrade(conn, host, endpointName, attachment, context);
    }
  }

  /** A pool builder whose connection operator is timed. */
  static final class TimedPoolBuilder
      extends org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder {
    @Override
    protected HttpClientConnectionOperator createConnectionOperator(
        SchemePortResolver schemePortResolver,
        org.apache.hc.client5.http.DnsResolver dnsResolver,
        TlsSocketStrategy tlsSocketStrategy) {
      return timed(
          super.createConnectionOperator(schemePortResolver, dnsResolver, tlsSocketStrategy));
    }
  }
}
