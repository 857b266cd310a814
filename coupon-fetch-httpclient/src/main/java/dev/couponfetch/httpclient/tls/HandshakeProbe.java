package dev.couponfetch.httpclient.tls;

import dev.couponfetch.internal.config.ClientCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Asks a server what it thinks of our client certificate (or of having none), after a fetch failed
 * in a way that hides it. With TLS 1.3 a server judges the client certificate after the client
 * finished its handshake: its alert races the request being written, and when the request arrives
 * after the server closed, the connection is reset and the alert is lost ("Broken pipe"). The probe
 * does a handshake and then only reads, so that the alert, if any, arrives; when the server asked
 * for a certificate and then closed without one, that is its verdict too. Stateless.
 */
final class HandshakeProbe {
  /** The verdict of a server that asked for a client certificate, then closed unexplained. */
  static final String CLOSED = "closed";

  /** The longest wait for the server's verdict once the handshake is done. */
  static final Duration MAX_WAIT = Duration.ofSeconds(3);

  private HandshakeProbe() {}

  /**
   * The alert {@code host:port} answers a handshake with, {@link #CLOSED}, or null when it sends
   * none (it accepted the handshake, or could not be reached).
   *
   * @param pem the extra trusted CAs, or null
   * @param client the certificate to present, or null
   */
  static String verdict(
      String pem,
      ClientCertificates.Loaded client,
      DnsResolver dns,
      String host,
      int port,
      Duration connectTimeout) {
    InetAddress[] addresses;
    try {
      addresses = dns.resolve(host); // the fetcher's guarded resolver: the guard applies here too
    } catch (IOException e) {
      return null;
    }
    if (addresses == null || addresses.length == 0) {
      return null;
    }
    Recording keys = new Recording(client == null ? null : new ClientKeyManager(client));
    SSLContext context = TrustedCertificates.context(pem, keys);
    int connectMs = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    int waitMs = (int) Math.min(connectMs, MAX_WAIT.toMillis());
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(addresses[0], port), connectMs);
      raw.setSoTimeout(waitMs);
      try (SSLSocket tls =
          (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, false)) {
        tls.startHandshake();
        // TLS 1.3: the verdict on our certificate comes after our part of the handshake.
        return tls.getInputStream().read() < 0 && keys.asked ? CLOSED : null;
      }
    } catch (SocketTimeoutException e) {
      return null; // accepted: the server waits for a request
    } catch (SSLException e) {
      String alert = TlsFailures.alert(e);
      return alert != null ? alert : keys.asked ? CLOSED : null;
    } catch (IOException | RuntimeException e) {
      // Reset after it asked: it refused what we sent (the alert was lost), even while our last
      // handshake messages were still being written.
      return keys.asked ? CLOSED : null;
    }
  }

  /** Notes whether the server asked for a client certificate; presents {@code delegate}'s. */
  private static final class Recording extends ClientSideKeyManager {
    private final ClientKeyManager delegate;
    volatile boolean asked;

    Recording(ClientKeyManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      asked = true;
      return delegate == null ? null : delegate.chooseClientAlias(keyTypes, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine e) {
      asked = true;
      return delegate == null ? null : delegate.chooseEngineClientAlias(keyTypes, issuers, e);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return delegate == null ? null : delegate.getClientAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return delegate == null ? null : delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return delegate == null ? null : delegate.getPrivateKey(alias);
    }
  }
}
