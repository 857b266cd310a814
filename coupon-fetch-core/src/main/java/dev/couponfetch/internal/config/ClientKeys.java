package dev.couponfetch.internal.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The client key of {@code PRIVATE_KEY_JWT} ({@code auth.clientKey}) as far as core can read it
 * with the JDK alone: a PEM PKCS#8 private key is decoded to a {@link PrivateKey}; a JWK is checked
 * for its shape ({@code kty}, {@code d}, {@code crv}, the modulus length) and signed with by the
 * transport (Nimbus). Which JWS algorithms fit which key, and the default one. Messages never quote
 * the key. Stateless.
 */
public final class ClientKeys {
  /** The algorithms for an RSA key; {@code RS256} is the default. */
  public static final List<String> RSA_ALGORITHMS =
      List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");

  /** The algorithms of {@code CLIENT_SECRET_JWT}; {@code HS256} is the default. */
  public static final List<String> HMAC_ALGORITHMS = List.of("HS256", "HS384", "HS512");

  private static final Set<String> EC_CURVES = Set.of("P-256", "P-384", "P-521");

  private ClientKeys() {}

  /**
   * What a client key is.
   *
   * @param type {@code RSA} or {@code EC}
   * @param bits the RSA modulus length, or the EC field size
   * @param curve {@code P-256}, {@code P-384} or {@code P-521} for EC, else null
   * @param privateKey the decoded key of a PEM, or null for a JWK
   * @param jwk whether the key was given as a JWK
   */
  public record Key(String type, int bits, String curve, PrivateKey privateKey, boolean jwk) {
    /** The algorithm used when {@code auth.clientAssertionAlgorithm} is not set. */
    public String defaultAlgorithm() {
      if (type.equals("RSA")) {
        return "RS256";
      }
      return curve.equals("P-256") ? "ES256" : curve.equals("P-384") ? "ES384" : "ES512";
    }

    /** The algorithms this key can sign with. */
    public List<String> algorithms() {
      return type.equals("RSA") ? RSA_ALGORITHMS : List.of(defaultAlgorithm());
    }

    @Override
    public String toString() {
      return "Key{" + type + ", " + (curve != null ? curve : bits + " bits") + "}";
    }
  }

  /** The key in {@code text}, or null after adding a problem naming {@code field}. */
  public static Key parse(String field, String text, List<String> problems) {
    String t = text.strip();
    String problem;
    if (t.startsWith("{")) {
      Object r = jwk(t);
      if (r instanceof Key) {
        return (Key) r;
      }
      problem = (String) r;
    } else {
      Object r = pem(t);
      if (r instanceof Key) {
        return (Key) r;
      }
      problem = (String) r;
    }
    problems.add(field + ": " + problem);
    return null;
  }

  private static Object pem(String t) {
    if (!t.startsWith("-----BEGIN ")) {
      return "must be a PEM private key (-----BEGIN PRIVATE KEY-----) or a JWK (a JSON object)";
    }
    int end = t.indexOf("-----", 11);
    String label = end < 0 ? "" : t.substring(11, end);
    switch (label) {
      case "PRIVATE KEY":
        break;
      case "PUBLIC KEY":
      case "RSA PUBLIC KEY":
        return "is a public key; PRIVATE_KEY_JWT signs with the private key (register the public"
            + " key with the provider and put the private key here)";
      case "CERTIFICATE":
        return "is a certificate; PRIVATE_KEY_JWT needs the private key (-----BEGIN PRIVATE"
            + " KEY-----)";
      case "ENCRYPTED PRIVATE KEY":
        return "is an encrypted key; decrypt it first: openssl pkcs8 -in key.pem -nocrypt";
      case "RSA PRIVATE KEY":
      case "EC PRIVATE KEY":
        return "is a "
            + label
            + " (PKCS#1/SEC1); convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in key.pem";
      default:
        return "is a PEM '" + label + "'; expected -----BEGIN PRIVATE KEY----- (PKCS#8)";
    }
    int bodyEnd = t.indexOf("-----END PRIVATE KEY-----");
    if (bodyEnd < 0) {
      return "the PEM has no -----END PRIVATE KEY----- line";
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(t.substring(end + 5, bodyEnd));
    } catch (IllegalArgumentException e) {
      return "the PEM's body is not valid Base64";
    }
    for (String alg : List.of("RSA", "EC")) {
      try {
        PrivateKey k = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
        return describe(k);
      } catch (InvalidKeySpecException | RuntimeException e) {
        // not this algorithm; the next, or the failure below
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(alg + " is missing from this JVM", e);
      }
    }
    return "the PEM is not a PKCS#8 RSA or EC private key";
  }

  private static Object describe(PrivateKey k) {
    if (k instanceof RSAPrivateKey) {
      return new Key("RSA", ((RSAPrivateKey) k).getModulus().bitLength(), null, k, false);
    }
    if (k instanceof ECPrivateKey) {
      int bits = ((ECPrivateKey) k).getParams().getCurve().getField().getFieldSize();
      String curve = bits == 256 ? "P-256" : bits == 384 ? "P-384" : bits == 521 ? "P-521" : null;
      if (curve == null) {
        return "is an EC key on a " + bits + "-bit curve; use P-256, P-384 or P-521";
      }
      return new Key("EC", bits, curve, k, false);
    }
    return "is neither an RSA nor an EC key";
  }

  private static Object jwk(String t) {
    JsonNode node;
    try {
      node = ConfigJson.mapper().readTree(t);
    } catch (JsonProcessingException e) {
      return "is not valid JSON (a JWK must be one JSON object)";
    }
    if (node == null || !node.isObject()) {
      return "must be a JWK: one JSON object";
    }
    if (node.has("keys")) {
      return "is a JWK set; put the one private JWK here, not the set";
    }
    String kty = node.path("kty").asText("");
    if (!kty.equals("RSA") && !kty.equals("EC")) {
      return "a JWK with kty 'RSA' or 'EC' is needed, got "
          + (kty.isEmpty() ? "no kty" : "kty '" + kty + "'");
    }
    if (!node.path("d").isTextual()) {
      return "is a public JWK (no 'd'); PRIVATE_KEY_JWT signs with the private key";
    }
    if (kty.equals("RSA")) {
      for (String part : List.of("n", "e")) {
        if (!node.path(part).isTextual()) {
          return "the RSA JWK has no '" + part + "'";
        }
      }
      int bits;
      try {
        byte[] n = Base64.getUrlDecoder().decode(node.get("n").textValue());
        bits = new java.math.BigInteger(1, n).bitLength();
      } catch (IllegalArgumentException e) {
        return "the RSA JWK's 'n' is not base64url";
      }
      return new Key("RSA", bits, null, null, true);
    }
    String crv = node.path("crv").asText("");
    if (!EC_CURVES.contains(crv)) {
      return "the EC JWK's crv must be P-256, P-384 or P-521, got "
          + (crv.isEmpty() ? "none" : "'" + crv + "'");
    }
    if (!node.path("x").isTextual() || !node.path("y").isTextual()) {
      return "the EC JWK needs 'x' and 'y'";
    }
    int bits = Integer.parseInt(crv.substring(2));
    return new Key("EC", bits, crv, null, true);
  }

  /** The {@code kid} of a JWK's text, or null (also for a PEM). */
  public static String jwkKeyId(String text) {
    String t = text.strip();
    if (!t.startsWith("{")) {
      return null;
    }
    try {
      JsonNode kid = ConfigJson.mapper().readTree(t).path("kid");
      return kid.isTextual() ? kid.textValue() : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** {@code algorithm} in its canonical spelling when it is one of {@code known}, else null. */
  public static String canonical(String algorithm, List<String> known) {
    String upper = algorithm.strip().toUpperCase(Locale.ROOT);
    return known.contains(upper) ? upper : null;
  }
}
