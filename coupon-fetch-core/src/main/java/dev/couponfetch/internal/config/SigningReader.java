package dev.couponfetch.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.SigningConfig;
import dev.couponfetch.internal.mapping.Keywords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads {@code auth.signing} (the {@code HMAC} fields) with the {@link ConfigReader} it belongs to,
 * whose problems and tainted fields it adds to. Whether the fields fit together is {@link
 * SigningChecks}'s to say. Stateless.
 */
final class SigningReader {
  static final String PATH = "auth.signing";
  static final List<String> FIELDS =
      List.of(
          "algorithm",
          "secret",
          "secretEncoding",
          "keyId",
          "parts",
          "separator",
          "timestampFormat",
          "encoding",
          "signatureHeader",
          "signaturePrefix",
          "timestampHeader",
          "nonceHeader",
          "keyIdHeader");

  private SigningReader() {}

  /** The {@code signing} object of {@code auth}, or null when there is none or it is no object. */
  static SigningConfig read(ConfigReader r, JsonNode auth) {
    JsonNode node = r.object(auth, "auth", "signing", true);
    if (node == null) {
      return null;
    }
    r.unknownFields(node, PATH, FIELDS);
    SigningConfig.Builder b = SigningConfig.builder();
    set(r.enumValue(node, PATH, "algorithm", SigningConfig.Algorithm.class), b::algorithm);
    set(r.string(node, PATH, "secret", true), b::secret);
    set(
        r.enumValue(node, PATH, "secretEncoding", SigningConfig.SecretEncoding.class),
        b::secretEncoding);
    set(r.string(node, PATH, "keyId", false), b::keyId);
    set(parts(r, node), b::parts);
    set(r.string(node, PATH, "separator", false), b::separator);
    set(
        r.enumValue(node, PATH, "timestampFormat", SigningConfig.TimestampFormat.class),
        b::timestampFormat);
    set(r.enumValue(node, PATH, "encoding", SigningConfig.Encoding.class), b::encoding);
    set(r.string(node, PATH, "signatureHeader", false), b::signatureHeader);
    set(r.string(node, PATH, "signaturePrefix", false), b::signaturePrefix);
    set(r.string(node, PATH, "timestampHeader", false), b::timestampHeader);
    set(r.string(node, PATH, "nonceHeader", false), b::nonceHeader);
    set(r.string(node, PATH, "keyIdHeader", false), b::keyIdHeader);
    return b.build();
  }

  private static List<SigningConfig.Part> parts(ConfigReader r, JsonNode signing) {
    JsonNode node = Json.field(signing, "parts");
    if (node == null) {
      return null;
    }
    String path = FieldPath.child(PATH, "parts");
    if (!node.isArray()) {
      r.problems()
          .add(
              path
                  + ": must be a list of parts such as [\"METHOD\", \"PATH\", \"TIMESTAMP\"], got "
                  + Json.describe(node, false));
      r.taint(path);
      return null;
    }
    List<SigningConfig.Part> parts = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < node.size(); i++) {
      SigningConfig.Part part = part(r, node.get(i), FieldPath.index(path, i));
      ok &= part != null;
      parts.add(part);
    }
    if (!ok) {
      r.taint(path);
      return null;
    }
    return parts;
  }

  private static SigningConfig.Part part(ConfigReader r, JsonNode node, String path) {
    String hint = "";
    if (node.isTextual()) {
      String value = node.textValue().strip();
      for (SigningConfig.Part p : SigningConfig.Part.values()) {
        if (Keywords.matches(p.name(), value)) {
          return p;
        }
      }
      List<String> known =
          Arrays.stream(SigningConfig.Part.values()).map(Enum::name).collect(Collectors.toList());
      String suggestion = Suggestions.closest(value, known);
      hint = suggestion == null ? "" : "; did you mean '" + suggestion + "'?";
    }
    r.problems()
        .add(
            path
                + ": must be one of "
                + Arrays.stream(SigningConfig.Part.values())
                    .map(Enum::name)
                    .collect(Collectors.joining(", "))
                + ", got "
                + Json.describe(node, false)
                + hint);
    return null;
  }

  private static <T> void set(T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }
}
