package dev.couponfetch.internal.config;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ClientAuthMethod;
import dev.couponfetch.ClientCertificate;
import dev.couponfetch.CouponSourceConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads and checks a config's client certificate ({@code tls.clientCertificate} and {@code
 * tls.clientKey}, or {@code tls.clientKeystore} and {@code tls.clientKeystorePassword}): when the
 * config is built ({@link #check}), and again when a transport needs the key ({@link #load}).
 * Problems name their field and never quote a key, key store or password. Stateless and
 * thread-safe.
 */
public final class ClientCertificates {
  static final String CERTIFICATE = "tls.clientCertificate";
  static final String KEY = "tls.clientKey";
  static final String KEYSTORE = "tls.clientKeystore";
  static final String PASSWORD = "tls.clientKeystorePassword";

  private ClientCertificates() {}

  /** A client certificate ready for a TLS key manager: the private key and its chain. */
  public static final class Loaded {
    private final PrivateKey key;
    private final List<X509Certificate> chain;

    private Loaded(PrivateKey key, List<X509Certificate> chain) {
      this.key = key;
      this.chain = Collections.unmodifiableList(new ArrayList<>(chain));
    }

    public PrivateKey key() {
      return key;
    }

    /** The client's certificate first, then the CAs that issued it, as configured. */
    public List<X509Certificate> chain() {
      return chain;
    }

    /** The client's own certificate. */
    public X509Certificate leaf() {
      return chain.get(0);
    }

    /** Never the key. */
    @Override
    public String toString() {
      return "ClientCertificate{subject=" + leaf().getSubjectX500Principal().getName() + "}";
    }
  }

  /**
   * The key and chain of {@code certificate}.
   *
   * @throws IllegalArgumentException whose message is a problem naming its field ({@code
   *     "tls.clientKey: does not belong to ..."})
   */
  public static Loaded load(ClientCertificate certificate) {
    Loaded loaded = certificate.isPkcs12() ? pkcs12(certificate) : pem(certificate);
    if (!matches(loaded.key(), loaded.leaf().getPublicKey())) {
      throw new IllegalArgumentException(
          (certificate.isPkcs12() ? KEYSTORE : KEY)
              + ": the private key does not belong to the certificate ("
              + subject(loaded.leaf())
              + "): its public key differs; use the key the certificate was issued for");
    }
    return loaded;
  }

  /**
   * A short fingerprint of what {@code certificate} was configured with (certificate and key, or
   * key store and password): two configs present the same certificate only when they are equal. A
   * one-way hash: it reveals nothing of the key.
   */
  public static String identity(ClientCertificate certificate) {
    String text =
        certificate.isPkcs12()
            ? "pkcs12\0"
                + certificate.keystore().reveal().strip()
                + "\0"
                + certificate.keystorePassword().reveal()
            : "pem\0" + certificate.certificatePem().strip() + "\0" + certificate.keyPem().reveal();
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }

  /** The certificate's subject, as a failure message names it. */
  public static String subject(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName();
  }

  /**
   * The client certificate of the JSON fields, or null when none is given or they do not make one
   * (then {@code problems} says why).
   */
  static ClientCertificate fromFields(
      String certificatePem,
      String keyPem,
      String keystore,
      String password,
      List<String> problems) {
    boolean pem = certificatePem != null || keyPem != null;
    if (pem && (keystore != null || password != null)) {
      problems.add(
          KEYSTORE
              + ": give either tls.clientCertificate and tls.clientKey (PEM) or"
              + " tls.clientKeystore and tls.clientKeystorePassword (PKCS#12), not both");
      return null;
    }
    if (pem) {
      if (certificatePem == null) {
        problems.add(CERTIFICATE + ": is required with tls.clientKey (the PEM certificate)");
      } else if (keyPem == null) {
        problems.add(KEY + ": is required with tls.clientCertificate (its PEM private key)");
      } else {
        return ClientCertificate.pem(certificatePem, keyPem);
      }
      return null;
    }
    if (keystore != null && password == null) {
      problems.add(PASSWORD + ": is required with tls.clientKeystore (\"\" for none)");
    } else if (keystore == null && password != null) {
      problems.add(KEYSTORE + ": is required with tls.clientKeystorePassword");
    } else if (keystore != null) {
      return ClientCertificate.pkcs12(keystore, password);
    }
    return null;
  }

  /** The problems of {@code config}'s client certificate, and of TLS_CLIENT_AUTH without one. */
  static void check(CouponSourceConfig config, List<String> problems) {
    ClientCertificate certificate = config.clientCertificate();
    AuthConfig auth = config.auth();
    if (certificate == null) {
      if (auth.type() == AuthType.OAUTH2
          && auth.clientAuthOrNull() == ClientAuthMethod.TLS_CLIENT_AUTH) {
        problems.add(
            "auth.clientAuth: TLS_CLIENT_AUTH presents the client certificate to the token"
                + " endpoint: add tls.clientCertificate and tls.clientKey");
      }
      return;
    }
    if (config.endpoint().strip().toLowerCase(Locale.ROOT).startsWith("http:")) {
      problems.add(
          CERTIFICATE + ": a client certificate needs an https endpoint (the endpoint is http)");
    }
    try {
      load(certificate);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
  }

  private static Loaded pem(ClientCertificate certificate) {
    List<X509Certificate> chain;
    try {
      chain = Certificates.parse(certificate.certificatePem());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(CERTIFICATE + ": " + e.getMessage());
    }
    PrivateKey key;
    try {
      key = PrivateKeys.parse(certificate.keyPem().reveal());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(KEY + ": " + e.getMessage());
    }
    return new Loaded(key, chain);
  }

  private static Loaded pkcs12(ClientCertificate certificate) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(certificate.keystore().reveal().replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          KEYSTORE + ": is not base64 (give the PKCS#12 file's bytes base64-encoded: base64 -w0)");
    }
    char[] password = certificate.keystorePassword().reveal().toCharArray();
    KeyStore store;
    try {
      store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(bytes), password);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException
          || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("password")) {
        throw new IllegalArgumentException(
            PASSWORD + ": is wrong (the PKCS#12 keystore does not open with it)");
      }
      throw new IllegalArgumentException(
          KEYSTORE + ": is not a readable PKCS#12 keystore (a .p12 or .pfx file, base64-encoded)");
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          KEYSTORE + ": is not a readable PKCS#12 keystore (a .p12 or .pfx file, base64-encoded)");
    }
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (!store.isKeyEntry(alias)) {
          continue;
        }
        Key key;
        try {
          key = store.getKey(alias, password);
        } catch (UnrecoverableKeyException e) {
          throw new IllegalArgumentException(
              PASSWORD
                  + ": opens the keystore but not its private key (export the file with one"
                  + " password for both)");
        }
        Certificate[] chain = store.getCertificateChain(alias);
        if (!(key instanceof PrivateKey) || chain == null || chain.length == 0) {
          continue;
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate c : chain) {
          certificates.add((X509Certificate) c);
        }
        return new Loaded((PrivateKey) key, certificates);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          KEYSTORE + ": its entries cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    throw new IllegalArgumentException(
        KEYSTORE
            + ": holds no private key with its certificate (only certificates?): export the"
            + " client's key and certificate together");
  }

  /** Whether {@code key} signs what {@code certificate}'s public key verifies. */
  private static boolean matches(PrivateKey key, PublicKey publicKey) {
    String algorithm;
    if (key.getAlgorithm().equals("RSA") && publicKey.getAlgorithm().equals("RSA")) {
      algorithm = "SHA256withRSA";
    } else if (key.getAlgorithm().equals("EC") && publicKey.getAlgorithm().equals("EC")) {
      algorithm = "SHA256withECDSA";
    } else {
      return false;
    }
    byte[] probe = "coupon-fetch client certificate check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
