package dev.couponfetch.internal.text;

import dev.couponfetch.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds and masks known secret values in free text that came from elsewhere: a response body that
 * echoes the request, an error page, an exception message of the HTTP client or the JDK. Immutable
 * and thread-safe.
 *
 * <p>Only values of at least {@value #MIN_LENGTH} characters are searched for. A credential is
 * masked where it was placed (its header, its query parameter, its form field) whatever its length;
 * this class is for the <em>other</em> places it may turn up. Searching for a short value there
 * masks unrelated text and so shows the value instead of hiding it: the secret {@code json} turned
 * {@code application/json} into {@code application/****}, the secret {@code coupon} turned the URL
 * path {@code /coupon} into {@code /****}. Eight characters is where a value stops being a common
 * word, a media type, a path segment or a number that also appears by chance, and most API keys,
 * passwords and tokens are longer; a shorter credential echoed back by the endpoint itself stays
 * visible in that echo (it is guessable anyway).
 *
 * <p>Each value is searched for as written and in the forms it takes on the way: URL-encoded (form
 * and RFC 3986), JSON-escaped, and after a scheme's first word ({@code Basic xyz} gives {@code
 * xyz}) when that part is long enough too. Longer forms are masked first.
 */
public final class SecretText {
  /** Shorter values are not searched for in free text; see the class comment. */
  public static final int MIN_LENGTH = 8;

  private static final SecretText NONE = new SecretText(List.of(), List.of());

  private final List<String> values;
  private final List<String> needles;

  private SecretText(List<String> values, List<String> needles) {
    this.values = values;
    this.needles = needles;
  }

  /** The search for {@code values} (nulls and short values ignored). */
  public static SecretText of(Collection<String> values) {
    Set<String> kept = new LinkedHashSet<>();
    Set<String> forms = new LinkedHashSet<>();
    for (String v : values) {
      if (v != null && v.length() >= MIN_LENGTH) {
        kept.add(v);
        addForms(forms, v);
      }
    }
    if (kept.isEmpty()) {
      return NONE;
    }
    List<String> sorted = new ArrayList<>(forms);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretText(List.copyOf(kept), List.copyOf(sorted));
  }

  /** This search and {@code more}. */
  public SecretText plus(Collection<String> more) {
    List<String> all = new ArrayList<>(values);
    all.addAll(more);
    return of(all);
  }

  /** Whether there is nothing to search for. */
  public boolean isEmpty() {
    return needles.isEmpty();
  }

  private static void addForms(Set<String> forms, String value) {
    forms.add(value);
    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    forms.add(encoded);
    forms.add(encoded.replace("+", "%20").replace("*", "%2A").replace("%7E", "~"));
    forms.add(value.replace("\\", "\\\\").replace("\"", "\\\""));
    int space = value.indexOf(' ');
    if (space > 0 && value.length() - space - 1 >= MIN_LENGTH) {
      forms.add(value.substring(space + 1));
    }
  }

  /** {@code text} with every secret value shown as {@value Secret#MASK}; null stays null. */
  public String mask(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String needle : needles) {
      out = out.replace(needle, Secret.MASK);
    }
    return out;
  }

  /** Whether {@code text} holds a secret value. */
  public boolean reveals(String text) {
    if (text == null) {
      return false;
    }
    for (String needle : needles) {
      if (text.contains(needle)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a message in the cause chain of {@code t} (suppressed ones too) holds a secret. */
  public boolean reveals(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (reveals(c.getMessage()) || reveals(c.toString())) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (reveals(s)) {
          return true;
        }
      }
    }
    return false;
  }
}
