package dev.couponfetch.internal.text;

import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A request as one {@code curl} command line for a POSIX shell: {@code curl -X POST 'https://…' -H
 * 'Name: value' --data-raw '…'}. Every value is single-quoted (a quote inside becomes {@code
 * '\''}), so nothing in it is expanded, split or globbed by the shell; a body's line breaks stay in
 * it. {@code GET} has no {@code -X}; the headers keep their order; {@code --compressed} is never
 * added (the headers say what was asked for). Stateless.
 *
 * <p>Left out, because curl makes them itself from the URL and the body and a copied value goes
 * stale when either is edited: {@code Host}, {@code Content-Length}, {@code Transfer-Encoding}. A
 * body cut for a report ({@link Exchange#BODY_LIMIT}) is sent as far as it was kept, with a comment
 * saying so. A URL with {@code [ ] { }} gets {@code -g}, so that curl does not read them as its own
 * globbing.
 */
public final class CurlCommand {
  private static final Set<String> OMITTED = Set.of("host", "content-length", "transfer-encoding");
  private static final String CUT = "\n(body cut at " + Exchange.BODY_LIMIT + " characters)";

  private CurlCommand() {}

  /** {@code request} as shown (secrets already masked in it). */
  public static String of(Exchange.SentRequest request) {
    return of(request.method(), request.uri(), request.headers(), request.body(), false);
  }

  /**
   * The command of a request.
   *
   * @param revealed show each header's {@link PreparedRequest.Header#value()} even when sensitive;
   *     otherwise its {@link PreparedRequest.Header#displayValue()}
   */
  public static String of(
      String method,
      String uri,
      List<PreparedRequest.Header> headers,
      String body,
      boolean revealed) {
    StringBuilder s = new StringBuilder("curl");
    boolean cut = body.length() > Exchange.BODY_LIMIT && body.endsWith(CUT);
    String data = cut ? body.substring(0, body.length() - CUT.length()) : body;
    if (!"GET".equals(method) || !data.isEmpty()) {
      s.append(" -X ").append(quoteIfNeeded(method));
    }
    if (uri.matches(".*[\\[\\]{}].*")) {
      s.append(" -g");
    }
    s.append(' ').append(quote(uri));
    for (PreparedRequest.Header h : headers) {
      if (OMITTED.contains(h.name().toLowerCase(Locale.ROOT))) {
        continue;
      }
      String value = revealed ? h.value() : h.displayValue();
      // "Name:" would make curl remove the header; "Name;" sends it empty.
      String header = value.isEmpty() ? h.name() + ";" : h.name() + ": " + value;
      s.append(" -H ").append(quote(header));
    }
    if (!data.isEmpty()) {
      // --data-raw: unlike --data, a body starting with @ is not read from a file.
      s.append(" --data-raw ").append(quote(data));
    }
    if (cut) {
      s.append(" # body cut at ").append(Exchange.BODY_LIMIT).append(" characters for the report");
    }
    return s.toString();
  }

  /** {@code text} as one single-quoted shell word: {@code it's} becomes {@code 'it'\''s'}. */
  public static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  private static String quoteIfNeeded(String word) {
    return word.matches("[A-Za-z0-9_-]+") ? word : quote(word);
  }
}
