package dev.couponfetch.internal.signing;

import dev.couponfetch.Secret;
import dev.couponfetch.SigningConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/** Turns a configured {@code secret} into the key bytes its {@code secretEncoding} says. */
public final class SigningKeys {
  private SigningKeys() {}

  /**
   * The key bytes of {@code secret}, or null when it is not written in {@code encoding} or gives no
   * bytes. Whitespace around the text is ignored for {@code BASE64} and {@code HEX}.
   */
  public static byte[] decode(Secret secret, SigningConfig.SecretEncoding encoding) {
    String text = secret.reveal();
    byte[] key;
    switch (encoding) {
      case TEXT:
        key = text.getBytes(StandardCharsets.UTF_8);
        break;
      case BASE64:
        key = base64(text.strip());
        break;
      case HEX:
        key = hex(text.strip());
        break;
      default:
        throw new AssertionError(encoding);
    }
    return key == null || key.length == 0 ? null : key;
  }

  private static byte[] base64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(text); // - and _ instead of + and /
      } catch (IllegalArgumentException again) {
        return null; // never quoted: the message would show the secret
      }
    }
  }

  private static byte[] hex(String text) {
    try {
      return HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
