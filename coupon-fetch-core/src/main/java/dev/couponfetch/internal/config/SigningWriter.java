package dev.couponfetch.internal.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.Secret;
import dev.couponfetch.SigningConfig;

/**
 * Writes {@code auth.signing}: every field that differs from its default, so that the document
 * stays short and reads back equal. Stateless.
 */
final class SigningWriter {
  private static final SigningConfig DEFAULTS = SigningConfig.builder().build();

  private SigningWriter() {}

  static ObjectNode tree(SigningConfig s, boolean mask) {
    ObjectNode node = ConfigJson.mapper().createObjectNode();
    if (s.algorithm() != DEFAULTS.algorithm()) {
      node.put("algorithm", s.algorithm().name());
    }
    if (s.secret() != null) {
      node.put("secret", mask ? Secret.MASK : s.secret().reveal());
    }
    if (s.secretEncoding() != DEFAULTS.secretEncoding()) {
      node.put("secretEncoding", s.secretEncoding().name());
    }
    putIfSet(node, "keyId", s.keyId());
    if (!s.parts().isEmpty()) {
      ArrayNode parts = node.putArray("parts");
      s.parts().forEach(p -> parts.add(p.name()));
    }
    if (!s.separator().equals(DEFAULTS.separator())) {
      node.put("separator", s.separator());
    }
    if (s.timestampFormat() != DEFAULTS.timestampFormat()) {
      node.put("timestampFormat", s.timestampFormat().name());
    }
    if (s.encoding() != DEFAULTS.encoding()) {
      node.put("encoding", s.encoding().name());
    }
    putIfSet(node, "signatureHeader", s.signatureHeader());
    if (!s.signaturePrefix().isEmpty()) {
      node.put("signaturePrefix", s.signaturePrefix());
    }
    putIfSet(node, "timestampHeader", s.timestampHeader());
    putIfSet(node, "nonceHeader", s.nonceHeader());
    putIfSet(node, "keyIdHeader", s.keyIdHeader());
    return node;
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
