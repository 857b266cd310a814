package dev.couponfetch.internal.config;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.SigningConfig;
import dev.couponfetch.internal.request.HeaderNames;
import dev.couponfetch.internal.signing.SigningKeys;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks of {@code auth.signing} for {@code HMAC}: the required fields, a key that decodes, a
 * header for each part the server must be told ({@code TIMESTAMP}, {@code NONCE}, {@code KEY_ID}),
 * valid header names that the config's own {@code headers} do not set too. Messages never show the
 * secret. Stateless.
 */
final class SigningChecks {
  private SigningChecks() {}

  static void check(AuthConfig auth, List<String> problems) {
    SigningConfig s = auth.signing();
    if (s == null) {
      problems.add(
          "auth.signing: is required for HMAC (how each request is signed: secret, parts,"
              + " signatureHeader)");
      return;
    }
    checkSecret(s, problems);
    if (s.parts().isEmpty()) {
      problems.add(
          "auth.signing.parts: is required for HMAC: the parts of the canonical string in order,"
              + " such as [\"METHOD\", \"PATH\", \"TIMESTAMP\"]");
    }
    if (s.signatureHeader() == null) {
      problems.add("auth.signing.signatureHeader: is required for HMAC (such as X-Signature)");
    }
    needsHeader(s, SigningConfig.Part.TIMESTAMP, s.timestampHeader(), "timestampHeader", problems);
    needsHeader(s, SigningConfig.Part.NONCE, s.nonceHeader(), "nonceHeader", problems);
    needsHeader(s, SigningConfig.Part.KEY_ID, s.keyIdHeader(), "keyIdHeader", problems);
    if (s.keyId() == null && s.parts().contains(SigningConfig.Part.KEY_ID)) {
      problems.add("auth.signing.keyId: is required when parts include KEY_ID");
    } else if (s.keyId() == null && s.keyIdHeader() != null) {
      problems.add("auth.signing.keyId: is required when keyIdHeader is set");
    } else if (s.keyId() != null && HeaderNames.hasControlCharacter(s.keyId())) {
      problems.add(
          "auth.signing.keyId: must not contain a control character (it is sent as a header)");
    }
    if (HeaderNames.hasControlCharacter(s.signaturePrefix())) {
      problems.add(
          "auth.signing.signaturePrefix: must not contain a control character (it is sent in a"
              + " header)");
    }
    checkHeaderNames(s, problems);
  }

  private static void checkSecret(SigningConfig s, List<String> problems) {
    if (s.secret() == null) {
      problems.add("auth.signing.secret: is required for HMAC");
    } else if (s.secret().isEmpty()) {
      problems.add("auth.signing.secret: must not be empty");
    } else if (SigningKeys.decode(s.secret(), s.secretEncoding()) == null) {
      // Never quoted: it is the key.
      problems.add(
          "auth.signing.secret: is not valid "
              + s.secretEncoding()
              + " (secretEncoding is "
              + s.secretEncoding()
              + "; use TEXT for a key written as plain text)");
    }
  }

  private static void needsHeader(
      SigningConfig s,
      SigningConfig.Part part,
      String header,
      String field,
      List<String> problems) {
    if (header == null && s.parts().contains(part)) {
      problems.add(
          "auth.signing."
              + field
              + ": is required when parts include "
              + part
              + " (the endpoint needs it to check the signature)");
    }
  }

  /** The configured signing headers by field name, in order. */
  private static Map<String, String> headers(SigningConfig s) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("signatureHeader", s.signatureHeader());
    h.put("timestampHeader", s.timestampHeader());
    h.put("nonceHeader", s.nonceHeader());
    h.put("keyIdHeader", s.keyIdHeader());
    h.values().removeIf(v -> v == null);
    return h;
  }

  private static void checkHeaderNames(SigningConfig s, List<String> problems) {
    Map<String, String> seen = new HashMap<>();
    for (Map.Entry<String, String> e : headers(s).entrySet()) {
      String path = "auth.signing." + e.getKey();
      String name = e.getValue();
      if (!HeaderNames.isValidName(name)) {
        problems.add(path + ": not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)");
      } else if (HeaderNames.isReserved(name)) {
        problems.add(path + ": is set by the HTTP client and cannot be configured");
      }
      String earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), e.getKey());
      if (earlier != null) {
        problems.add(path + ": is the same header as auth.signing." + earlier);
      }
    }
  }

  /** A header the signing sets may not be set by the config's {@code headers} too. */
  static void checkHeaderConflicts(
      Map<String, String> headers, AuthConfig auth, List<String> problems) {
    if (auth.type() != AuthType.HMAC || auth.signing() == null) {
      return;
    }
    Map<String, String> signing = new HashMap<>();
    headers(auth.signing()).forEach((f, n) -> signing.putIfAbsent(n.toLowerCase(Locale.ROOT), f));
    for (String name : headers.keySet()) {
      String field = signing.get(name.toLowerCase(Locale.ROOT));
      if (field != null) {
        problems.add(
            FieldPath.child("headers", name)
                + ": also set by auth.signing."
                + field
                + "; set it in one place");
      }
    }
  }
}
