package dev.couponfetch.internal.config;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an unencrypted private key from PEM, for {@code tls.clientKey}: PKCS#8 ({@code BEGIN
 * PRIVATE KEY}, RSA or EC), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC
 * PRIVATE KEY}), the last two rewrapped as PKCS#8 for the JDK. Messages never quote the key's text.
 * Stateless and thread-safe.
 */
final class PrivateKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  /** rsaEncryption (1.2.840.113549.1.1.1) and NULL, the AlgorithmIdentifier of PKCS#1 keys. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  /** id-ecPublicKey (1.2.840.10045.2.1). */
  private static final byte[] EC_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private static final String CONVERT =
      " (convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem)";

  private PrivateKeys() {}

  /**
   * The key in {@code pem}.
   *
   * @throws IllegalArgumentException saying what is wrong, never quoting the key
   */
  static PrivateKey parse(String pem) {
    Matcher m = BLOCK.matcher(pem);
    if (!m.find()) {
      throw new IllegalArgumentException(
          "must hold a PEM private key (a -----BEGIN PRIVATE KEY----- block with its END line)");
    }
    String type = m.group(1);
    String body = m.group(2);
    switch (type) {
      case "ENCRYPTED PRIVATE KEY":
        throw new IllegalArgumentException("is encrypted, which is not supported" + CONVERT);
      case "PRIVATE KEY":
        return pkcs8(decode(body));
      case "RSA PRIVATE KEY":
        if (body.contains("ENCRYPTED")) {
          throw new IllegalArgumentException("is encrypted, which is not supported" + CONVERT);
        }
        return pkcs8(sequence(concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, octets(body))));
      case "EC PRIVATE KEY":
        if (body.contains("ENCRYPTED")) {
          throw new IllegalArgumentException("is encrypted, which is not supported" + CONVERT);
        }
        return sec1(decode(body));
      default:
        throw new IllegalArgumentException(
            "holds a '" + type + "' block, not a private key (-----BEGIN PRIVATE KEY-----)");
    }
  }

  private static PrivateKey pkcs8(byte[] der) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException | RuntimeException e) {
        // not this algorithm: try the next
      }
    }
    throw new IllegalArgumentException(
        "is not a readable RSA or EC private key (copy the whole PEM block again)");
  }

  /** A SEC1 EC key: PKCS#8 needs its curve, which SEC1 keeps in its [0] parameters. */
  private static PrivateKey sec1(byte[] der) {
    byte[] curve = null;
    try {
      Der seq = new Der(der, 0);
      int p = seq.contentStart;
      while (p < seq.end) {
        Der item = new Der(der, p);
        if ((der[p] & 0xff) == 0xa0) {
          curve = Arrays.copyOfRange(der, item.contentStart, item.end);
        }
        p = item.end;
      }
    } catch (RuntimeException e) {
      curve = null;
    }
    if (curve == null || curve.length == 0 || curve[0] != 0x06) {
      throw new IllegalArgumentException(
          "is an EC PRIVATE KEY without a named curve, which cannot be read" + CONVERT);
    }
    byte[] algorithm = sequence(concat(EC_OID, curve));
    return pkcs8(sequence(concat(new byte[] {0x02, 0x01, 0x00}, algorithm, octetString(der))));
  }

  private static byte[] octets(String body) {
    return octetString(decode(body));
  }

  private static byte[] decode(String body) {
    String base64 = body.replaceAll("(?m)^[A-Za-z-]+:.*$", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "is not valid PEM: the text between its BEGIN and END lines is not base64 (copy the"
              + " whole block again)");
    }
    if (der.length == 0) {
      throw new IllegalArgumentException("is an empty PEM block");
    }
    return der;
  }

  private static byte[] sequence(byte[] content) {
    return tlv(0x30, content);
  }

  private static byte[] octetString(byte[] content) {
    return tlv(0x04, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** One DER element's extent (definite lengths only, as DER has). */
  private static final class Der {
    final int contentStart;
    final int end;

    Der(byte[] der, int at) {
      int lenByte = der[at + 1] & 0xff;
      int length;
      int start;
      if (lenByte < 0x80) {
        length = lenByte;
        start = at + 2;
      } else {
        int bytes = lenByte & 0x7f;
        if (bytes == 0 || bytes > 3) {
          throw new IllegalArgumentException("unsupported DER length");
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (der[at + 2 + i] & 0xff);
        }
        start = at + 2 + bytes;
      }
      if (start + length > der.length) {
        throw new IllegalArgumentException("DER element runs past the end");
      }
      this.contentStart = start;
      this.end = start + length;
    }
  }
}
