package dev.couponfetch.httpclient.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA made in the test (BouncyCastle, which mock-oauth2-server brings into test scope),
 * and server key stores it signs, for a merchant-with-a-private-CA scenario. Not thread-safe.
 */
public final class TestPki {
  public static final char[] PASSWORD = "changeit".toCharArray();
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private final KeyPair caKeys;
  private final X509Certificate ca;

  private TestPki(String name) throws GeneralSecurityException, OperatorCreationException {
    caKeys = keys();
    X500Name subject = new X500Name("CN=" + name);
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            subject, serial(), notBefore(), notAfter(), subject, caKeys.getPublic());
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    ca = sign(b);
  }

  /** A new CA named {@code name}. */
  public static TestPki ca(String name) {
    try {
      return new TestPki(name);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The CA certificate as PEM, what a config's {@code tls.trustedCertificates} holds. */
  public String pem() {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(ca.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A PKCS12 key store in {@code dir} holding a server key and a certificate this CA signed for
   * {@code ips} and {@code dnsNames} (password {@link #PASSWORD}).
   */
  public Path serverKeyStore(Path dir, String[] ips, String... dnsNames) {
    try {
      KeyPair server = keys();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              ca,
              serial(),
              notBefore(),
              notAfter(),
              new X500Name("CN=" + (dnsNames.length > 0 ? dnsNames[0] : ips[0])),
              server.getPublic());
      GeneralName[] names = new GeneralName[ips.length + dnsNames.length];
      int i = 0;
      for (String ip : ips) {
        names[i++] = new GeneralName(GeneralName.iPAddress, ip);
      }
      for (String dns : dnsNames) {
        names[i++] = new GeneralName(GeneralName.dNSName, dns);
      }
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      X509Certificate cert = sign(b);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", server.getPrivate(), PASSWORD, new Certificate[] {cert, ca});
      Path file = Files.createTempFile(dir, "server", ".p12");
      try (OutputStream out = Files.newOutputStream(file)) {
        ks.store(out, PASSWORD);
      }
      return file;
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** This CA's certificate. */
  public X509Certificate certificate() {
    return ca;
  }

  /** A key store trusting this CA, for a server that checks client certificates. */
  public KeyStore trustStore() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("ca", ca);
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client certificate for {@code cn} this CA signed, valid from an hour ago for two days. */
  public Client client(String cn) {
    return client(
        cn, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(2)));
  }

  /** A client certificate for {@code cn} this CA signed, valid from {@code from} to {@code to}. */
  public Client client(String cn, Instant from, Instant to) {
    try {
      KeyPair keys = keys();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              ca,
              serial(),
              Date.from(from),
              Date.from(to),
              new X500Name("CN=" + cn),
              keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      return new Client(sign(b), keys.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client's certificate and key, as a config holds them. */
  public static final class Client {
    private final X509Certificate certificate;
    private final java.security.PrivateKey key;

    Client(X509Certificate certificate, java.security.PrivateKey key) {
      this.certificate = certificate;
      this.key = key;
    }

    public X509Certificate certificate() {
      return certificate;
    }

    /** The certificate as PEM. */
    public String certificatePem() {
      return pem("CERTIFICATE", encoded(certificate));
    }

    /** The private key as PKCS#8 PEM. */
    public String keyPem() {
      return pem("PRIVATE KEY", key.getEncoded());
    }

    /** A PKCS#12 file holding the key and certificate, locked with {@code password}. */
    public byte[] pkcs12(String password) {
      try {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, password.toCharArray(), new Certificate[] {certificate});
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ks.store(out, password.toCharArray());
        return out.toByteArray();
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private static byte[] encoded(X509Certificate c) {
      try {
        return c.getEncoded();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private X509Certificate sign(X509v3CertificateBuilder b)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
  }

  private static KeyPair keys() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static Date notBefore() {
    return Date.from(Instant.now().minus(Duration.ofHours(1)));
  }

  private static Date notAfter() {
    return Date.from(Instant.now().plus(Duration.ofDays(2)));
  }
}
