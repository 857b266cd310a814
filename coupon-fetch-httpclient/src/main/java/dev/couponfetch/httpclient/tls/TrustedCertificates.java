package dev.couponfetch.httpclient.tls;

import dev.couponfetch.internal.config.Certificates;
import dev.couponfetch.internal.config.ClientCertificates;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.ssl.SSLContexts;

/**
 * The TLS strategies of a fetcher's clients. Host names are always verified, by both the JDK
 * (endpoint identification during the handshake) and HttpClient's verifier; nothing here can turn
 * that off. Stateless and thread-safe.
 */
final class TrustedCertificates {
  private TrustedCertificates() {}

  /** Trusts the JDK's CAs. */
  static TlsSocketStrategy standard() {
    return standardStrategy();
  }

  /** Trusts the JDK's CAs; for the blocking and the async client alike. */
  static DefaultClientTlsStrategy standardStrategy() {
    return strategy(SSLContexts.createDefault());
  }

  /**
   * Trusts the JDK's CAs and those in {@code pem}, as one set of trust anchors (so that PKIX path
   * building reports one clear reason when neither issued a certificate).
   *
   * @throws IllegalArgumentException when {@code pem} holds no readable certificate
   */
  static TlsSocketStrategy withExtra(String pem) {
    return create(pem, null);
  }

  /**
   * Trusts the JDK's CAs and, when {@code pem} is not null, those in it; presents {@code client}'s
   * certificate when it is not null and a server asks for one.
   *
   * @throws IllegalArgumentException when {@code pem} holds no readable certificate
   */
  static TlsSocketStrategy create(String pem, ClientCertificates.Loaded client) {
    return strategy(context(pem, client));
  }

  /** The SSL context of {@link #create}. */
  static SSLContext context(String pem, ClientCertificates.Loaded client) {
    return context(pem, client == null ? null : new ClientKeyManager(client));
  }

  /** Trusts as {@link #create} does, presenting what {@code keys} offers (null: nothing). */
  static SSLContext context(String pem, X509ExtendedKeyManager keys) {
    try {
      TrustManager[] trust = pem == null ? null : trustManagers(Certificates.parse(pem));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : new KeyManager[] {keys}, trust, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not build a TLS context: " + e.getMessage(), e);
    }
  }

  private static TrustManager[] trustManagers(List<X509Certificate> extra)
      throws GeneralSecurityException, IOException {
    KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
    anchors.load(null, null);
    int n = 0;
    for (X509Certificate ca : jdkTrustManager().getAcceptedIssuers()) {
      anchors.setCertificateEntry("jdk-" + n++, ca);
    }
    for (X509Certificate ca : extra) {
      anchors.setCertificateEntry("extra-" + n++, ca);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(anchors);
    return tmf.getTrustManagers();
  }

  private static DefaultClientTlsStrategy strategy(SSLContext context) {
    return new DefaultClientTlsStrategy(
        context, HostnameVerificationPolicy.BOTH, new DefaultHostnameVerifier());
  }

  /** The JDK's default trust (its cacerts, or {@code javax.net.ssl.trustStore} when set). */
  private static X509TrustManager jdkTrustManager() throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager) {
        return (X509TrustManager) tm;
      }
    }
    throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
  }
}
