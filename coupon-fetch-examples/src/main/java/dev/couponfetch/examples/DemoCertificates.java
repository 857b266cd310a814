package dev.couponfetch.examples;

import dev.couponfetch.ClientCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

/**
 * The demo's private PKI for mutual TLS, shipped as resources ({@code demo-mtls/}) rather than made
 * at start-up, so that the command line needs no certificate library: a CA ({@code CN=coupon-fetch
 * demo CA}), the demo server's certificate for 127.0.0.1 and localhost, and a client certificate
 * ({@code CN=coupon-fetch demo shop}) with its key; all EC P-256, valid for 100 years (made with
 * openssl, 2026). Demo material only: its keys are public. Stateless.
 */
final class DemoCertificates {
  /** The password of {@code demo-mtls/server.p12}. */
  static final String SERVER_KEYSTORE_PASSWORD = "demo-server";

  private DemoCertificates() {}

  /** The demo CA as PEM: what a config's {@code tls.trustedCertificates} holds. */
  static String caPem() {
    return text("ca.crt");
  }

  /** The demo shop's client certificate and key, as a config's {@code tls} holds them. */
  static ClientCertificate client() {
    return ClientCertificate.pem(text("client.crt"), text("client.key"));
  }

  /** The demo server's key and certificate (PKCS#12, {@link #SERVER_KEYSTORE_PASSWORD}). */
  static KeyStore serverKeyStore() {
    try (InputStream in = open("server.p12")) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, SERVER_KEYSTORE_PASSWORD.toCharArray());
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the demo server's key store", e);
    }
  }

  /** The demo CA as the server's trust store for client certificates. */
  static KeyStore clientTrustStore() {
    try (InputStream in = open("ca.crt")) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry(
          "demo-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the demo CA", e);
    }
  }

  private static String text(String name) {
    try (InputStream in = open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String name) throws IOException {
    InputStream in = DemoCertificates.class.getResourceAsStream("/demo-mtls/" + name);
    if (in == null) {
      throw new IOException("missing resource demo-mtls/" + name);
    }
    return in;
  }
}
