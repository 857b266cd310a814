package dev.couponfetch.httpclient;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Client keys made for the tests, once per JVM: RSA 2048 and EC P-256, as PEM and JWK. */
public final class TestKeys {
  public static final KeyPair RSA = rsa();
  public static final KeyPair OTHER_RSA = rsa();
  public static final KeyPair EC = ec();

  private TestKeys() {}

  private static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The private key as PEM PKCS#8. */
  public static String pem(KeyPair pair) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** The EC key pair as a private JWK with {@code kid}. */
  public static String ecJwk(String kid) {
    return new ECKey.Builder(Curve.P_256, (ECPublicKey) EC.getPublic())
        .privateKey((ECPrivateKey) EC.getPrivate())
        .keyID(kid)
        .build()
        .toJSONString();
  }

  /** The base64 body of a PEM's first line: text that must never be shown. */
  public static String pemLine(KeyPair pair) {
    return pem(pair).split("\n")[1];
  }
}
