package dev.couponfetch.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Structural and textual changes of config JSON, as data, so that a failing case prints as a short
 * list of readable edits.
 */
final class ConfigMutations {
  private ConfigMutations() {}

  /** One structural change at one place of the tree (chosen by {@code at} modulo the places). */
  record Mutation(Kind kind, int at, JsonNode value, String key) {
    enum Kind {
      DELETE,
      REPLACE,
      WRAP_IN_ARRAY,
      WRAP_IN_OBJECT,
      RENAME,
      ADD,
      TYPO_IN_KEY,
      WRAP_ROOT
    }

    JsonNode apply(JsonNode root) {
      if (kind == Kind.WRAP_ROOT) {
        return Generators.NODES.arrayNode().add(root);
      }
      List<Place> places = new ArrayList<>();
      Place.collect(root, places);
      if (places.isEmpty()) {
        return kind == Kind.REPLACE ? value : root;
      }
      Place p = places.get(at % places.size());
      JsonNode current = p.get();
      switch (kind) {
        case DELETE -> p.remove();
        case REPLACE -> p.set(value.deepCopy());
        case WRAP_IN_ARRAY -> p.set(Generators.NODES.arrayNode().add(current));
        case WRAP_IN_OBJECT -> p.set(Generators.NODES.objectNode().set("value", current));
        case RENAME -> p.rename(key);
        case TYPO_IN_KEY -> p.rename(typo(p.key()));
        case WRAP_ROOT -> throw new AssertionError(kind);
        case ADD -> {
          if (current.isObject()) {
            ((ObjectNode) current).set(key, value.deepCopy());
          } else if (current.isArray()) {
            ((ArrayNode) current).add(value.deepCopy());
          }
        }
      }
      return root;
    }

    private String typo(String k) {
      if (k == null || k.isEmpty()) {
        return "x";
      }
      int i = at % k.length();
      return at % 2 == 0 ? k.substring(0, i) + k.substring(i + 1) : k.toUpperCase(Locale.ROOT);
    }
  }

  /** A member of an object or an element of an array, where a mutation can act. */
  record Place(JsonNode parent, String key, int index) {
    static void collect(JsonNode node, List<Place> out) {
      if (node.isObject()) {
        for (String k : iterable(node.fieldNames())) {
          out.add(new Place(node, k, -1));
          collect(node.get(k), out);
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          out.add(new Place(node, null, i));
          collect(node.get(i), out);
        }
      }
    }

    private static List<String> iterable(Iterator<String> it) {
      List<String> l = new ArrayList<>();
      it.forEachRemaining(l::add);
      return l;
    }

    JsonNode get() {
      return key != null ? parent.get(key) : parent.get(index);
    }

    void set(JsonNode v) {
      if (key != null) {
        ((ObjectNode) parent).set(key, v);
      } else {
        ((ArrayNode) parent).set(index, v);
      }
    }

    void remove() {
      if (key != null) {
        ((ObjectNode) parent).remove(key);
      } else {
        ((ArrayNode) parent).remove(index);
      }
    }

    /** Renames an object member (same value); elements of arrays have no name to change. */
    void rename(String newKey) {
      if (key == null || newKey.equals(key)) {
        return;
      }
      ObjectNode o = (ObjectNode) parent;
      JsonNode v = o.remove(key);
      o.set(newKey, v);
    }
  }

  /** One character-level change of the JSON text. */
  record TextEdit(Kind kind, int at, char c) {
    enum Kind {
      DELETE,
      INSERT,
      TRUNCATE,
      DUPLICATE
    }

    String apply(String s) {
      if (s.isEmpty()) {
        return kind == Kind.INSERT ? String.valueOf(c) : s;
      }
      int i = at % s.length();
      return switch (kind) {
        case DELETE -> s.substring(0, i) + s.substring(i + 1);
        case INSERT -> s.substring(0, i) + c + s.substring(i);
        case TRUNCATE -> s.substring(0, i);
        case DUPLICATE ->
            s.substring(0, i) + s.substring(i, Math.min(s.length(), i + 7)) + s.substring(i);
      };
    }
  }
}
