package dev.couponfetch;

import java.util.Base64;
import java.util.Objects;

/**
 * The TLS client certificate of a config (mutual TLS): its {@code tls.clientCertificate} and {@code
 * tls.clientKey} (PEM), or its {@code tls.clientKeystore} (a PKCS#12 file, base64) and {@code
 * tls.clientKeystorePassword}. A fetcher presents it to the config's endpoint, and to the token
 * endpoint when {@code auth.clientAuth} is {@link ClientAuthMethod#TLS_CLIENT_AUTH}.
 *
 * <p>The factories only keep the values; they are read and checked when the config is built ({@link
 * CouponSourceConfig.Builder#build()} names the field that is wrong: a certificate or key that
 * cannot be read, a key that does not belong to the certificate, a wrong keystore password). A
 * certificate that expired or is not valid yet is not a config problem: the server judges it by its
 * own clock, and a failed handshake says so.
 *
 * <p>Immutable and thread-safe. The key, keystore and password are {@link Secret}s: {@link
 * #toString()} never shows them, and {@link #equals} compares them without printing anything.
 */
public final class ClientCertificate {
  private final String certificatePem;
  private final Secret keyPem;
  private final Secret keystore;
  private final Secret keystorePassword;

  private ClientCertificate(
      String certificatePem, Secret keyPem, Secret keystore, Secret keystorePassword) {
    this.certificatePem = certificatePem;
    this.keyPem = keyPem;
    this.keystore = keystore;
    this.keystorePassword = keystorePassword;
  }

  /**
   * A certificate and its private key, as PEM.
   *
   * @param certificatePem one or more {@code BEGIN CERTIFICATE} blocks: the client's certificate
   *     first, then the intermediate CAs the server may need to build the chain
   * @param keyPem the private key of the first certificate: {@code BEGIN PRIVATE KEY} (PKCS#8, RSA
   *     or EC) or {@code BEGIN RSA PRIVATE KEY} (PKCS#1), unencrypted
   */
  public static ClientCertificate pem(String certificatePem, String keyPem) {
    Objects.requireNonNull(certificatePem, "certificatePem == null");
    Objects.requireNonNull(keyPem, "keyPem == null");
    return new ClientCertificate(certificatePem, Secret.of(keyPem), null, null);
  }

  /**
   * A PKCS#12 key store (a {@code .p12} or {@code .pfx} file) holding the private key and its
   * certificate chain; its first key entry is used, unlocked by {@code password}.
   */
  public static ClientCertificate pkcs12(byte[] keystore, String password) {
    Objects.requireNonNull(keystore, "keystore == null");
    return pkcs12(Base64.getEncoder().encodeToString(keystore), password);
  }

  /** {@link #pkcs12(byte[], String)} with the key store as base64 text, as the JSON form has it. */
  public static ClientCertificate pkcs12(String keystoreBase64, String password) {
    Objects.requireNonNull(keystoreBase64, "keystoreBase64 == null");
    Objects.requireNonNull(password, "password == null");
    return new ClientCertificate(null, null, Secret.of(keystoreBase64), Secret.of(password));
  }

  /** Whether this is a PKCS#12 key store rather than PEM. */
  public boolean isPkcs12() {
    return keystore != null;
  }

  /** The certificate chain as PEM ({@code tls.clientCertificate}); null for a PKCS#12 store. */
  public String certificatePem() {
    return certificatePem;
  }

  /** The private key as PEM ({@code tls.clientKey}); null for a PKCS#12 store. */
  public Secret keyPem() {
    return keyPem;
  }

  /** The PKCS#12 key store as base64 ({@code tls.clientKeystore}); null for PEM. */
  public Secret keystore() {
    return keystore;
  }

  /** The key store's password ({@code tls.clientKeystorePassword}); null for PEM. */
  public Secret keystorePassword() {
    return keystorePassword;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ClientCertificate)) {
      return false;
    }
    ClientCertificate that = (ClientCertificate) o;
    return Objects.equals(certificatePem, that.certificatePem)
        && Objects.equals(keyPem, that.keyPem)
        && Objects.equals(keystore, that.keystore)
        && Objects.equals(keystorePassword, that.keystorePassword);
  }

  @Override
  public int hashCode() {
    return Objects.hash(certificatePem, keyPem, keystore, keystorePassword);
  }

  /** The kind of certificate, with the key, key store and password masked. */
  @Override
  public String toString() {
    return isPkcs12()
        ? "ClientCertificate{pkcs12=" + Secret.MASK + ", password=" + Secret.MASK + '}'
        : "ClientCertificate{pem, key=" + Secret.MASK + '}';
  }
}
