package dev.couponfetch.internal.request;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.internal.config.ConfigJson;
import dev.couponfetch.internal.config.FieldPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload with its string values compiled as templates. Only string values are templated (keys
 * are not); a value that is a single variable stays a JSON string. Numbers, booleans and null are
 * written as they are. Immutable after construction and thread-safe.
 */
final class PayloadTemplate {
  /** Where a templated string sits, keyed by the identity of its node in {@link #root}. */
  private record Slot(Template template, String where) {}

  private final JsonNode root;
  private final Map<JsonNode, Slot> slots;
  private final byte[] constantJson;

  private PayloadTemplate(JsonNode root, Map<JsonNode, Slot> slots) {
    this.root = root;
    this.slots = slots;
    this.constantJson = slots.isEmpty() ? write(Map.of()) : null;
  }

  /** Compiles the string values of {@code payload} (owned from now on); null on a syntax error. */
  static PayloadTemplate compile(JsonNode payload, List<String> problems) {
    Map<JsonNode, Slot> slots = new IdentityHashMap<>();
    int before = problems.size();
    collect(payload, "payload", slots, problems);
    return problems.size() > before ? null : new PayloadTemplate(payload, slots);
  }

  private static void collect(
      JsonNode node, String where, Map<JsonNode, Slot> slots, List<String> problems) {
    if (node.isTextual()) {
      Template t = Template.compile(node.textValue(), where, false, problems);
      if (t != null && !t.isConstant()) {
        slots.put(node, new Slot(t, where));
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        collect(e.getValue(), FieldPath.child(where, e.getKey()), slots, problems);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), FieldPath.index(where, i), slots, problems);
      }
    }
  }

  /** Each variable used and the first field that uses it, in payload order. */
  Map<String, String> variableUses() {
    Map<String, String> uses = new LinkedHashMap<>();
    for (Slot slot : slots.values()) {
      for (String name : slot.template().variables()) {
        uses.putIfAbsent(name, slot.where());
      }
    }
    return uses;
  }

  /** The payload as UTF-8 JSON; Jackson escapes the filled-in values. */
  byte[] json(Map<String, String> variables) {
    return constantJson != null ? constantJson.clone() : write(variables);
  }

  private byte[] write(Map<String, String> variables) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = ConfigJson.mapper().createGenerator(out)) {
      write(g, root, variables);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen writing to memory
    }
    return out.toByteArray();
  }

  private void write(JsonGenerator g, JsonNode node, Map<String, String> variables)
      throws IOException {
    Slot slot = slots.get(node);
    if (slot != null) {
      g.writeString(slot.template().render(variables, slot.where()));
    } else if (node.isObject()) {
      g.writeStartObject();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        g.writeFieldName(e.getKey());
        write(g, e.getValue(), variables);
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (JsonNode element : node) {
        write(g, element, variables);
      }
      g.writeEndArray();
    } else {
      g.writeTree(node);
    }
  }

  /**
   * The payload as an {@code application/x-www-form-urlencoded} UTF-8 body. The validator has made
   * sure it is a flat object of scalars.
   */
  byte[] form(Map<String, String> variables) {
    StringBuilder s = new StringBuilder(128);
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      JsonNode value = e.getValue();
      Slot slot = slots.get(value);
      String text = slot != null ? slot.template().render(variables, slot.where()) : value.asText();
      if (s.length() > 0) {
        s.append('&');
      }
      s.append(Urls.formEncode(e.getKey())).append('=').append(Urls.formEncode(text));
    }
    return s.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
