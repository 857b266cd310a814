package dev.couponfetch.internal.request;

import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encoding and query merging for request URLs. Stateless and thread-safe. */
public final class Urls {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Urls() {}

  /**
   * {@code endpoint} with {@code params} appended to its query, percent-encoded (UTF-8, space as
   * {@code %20}). A parameter of the same name already in the endpoint's query is dropped; the
   * endpoint's other parameters stay exactly as they were.
   *
   * @param mask whether sensitive values are shown as {@code ****}
   */
  public static URI merge(URI endpoint, List<PreparedRequest.QueryParam> params, boolean mask) {
    if (params.isEmpty()) {
      return endpoint;
    }
    String rawQuery = endpoint.getRawQuery();
    StringBuilder query = new StringBuilder(64);
    boolean first = true;
    if (rawQuery != null && !rawQuery.isEmpty()) {
      int start = 0;
      while (start <= rawQuery.length()) {
        int end = rawQuery.indexOf('&', start);
        if (end < 0) {
          end = rawQuery.length();
        }
        String pair = rawQuery.substring(start, end);
        if (!replaced(pair, params)) {
          query.append(first ? "" : "&").append(pair);
          first = false;
        }
        start = end + 1;
      }
    }
    for (PreparedRequest.QueryParam p : params) {
      query.append(first ? "" : "&");
      first = false;
      encodeComponent(p.name(), query);
      query.append('=');
      if (mask && p.sensitive()) {
        query.append(Secret.MASK);
      } else {
        encodeComponent(p.value(), query);
      }
    }
    StringBuilder uri = new StringBuilder(endpoint.getScheme()).append("://");
    uri.append(endpoint.getRawAuthority());
    if (endpoint.getRawPath() != null) {
      uri.append(endpoint.getRawPath());
    }
    uri.append('?').append(query);
    if (endpoint.getRawFragment() != null) {
      uri.append('#').append(endpoint.getRawFragment());
    }
    return URI.create(uri.toString());
  }

  private static boolean replaced(String pair, List<PreparedRequest.QueryParam> params) {
    int eq = pair.indexOf('=');
    String rawName = eq < 0 ? pair : pair.substring(0, eq);
    String name = rawName.indexOf('%') < 0 && rawName.indexOf('+') < 0 ? rawName : decode(rawName);
    for (PreparedRequest.QueryParam p : params) {
      if (p.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw; // a malformed escape can't match a well-formed name
    }
  }

  /**
   * For each placeholder of an endpoint template, whether it stands in the URL's path: after the
   * first {@code /} that follows {@code scheme://}, and before any {@code ?} or {@code #}. Values
   * are percent-encoded, so only the literal text decides.
   */
  public static boolean[] inPath(Template endpoint) {
    int n = endpoint.variables().size();
    boolean[] inPath = new boolean[n];
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < n; i++) {
      prefix.append(endpoint.literal(i));
      int authority = prefix.indexOf("://");
      if (authority >= 0) {
        authority += 3;
        boolean pathStarted = prefix.indexOf("/", authority) >= 0;
        boolean pathEnded =
            prefix.indexOf("?", authority) >= 0 || prefix.indexOf("#", authority) >= 0;
        inPath[i] = pathStarted && !pathEnded;
      }
      prefix.append('x');
    }
    return inPath;
  }

  /**
   * {@code s} as a path segment (or part of one): as {@link #encodeComponent}, and a value that is
   * exactly {@code .} or {@code ..} as {@code %2E} or {@code %2E%2E}, so that a variable can never
   * become a dot-segment that climbs out of the configured path ({@code /x/{{id}}/y} with {@code
   * id=..} would otherwise be {@code /x/../y}, that is {@code /y}).
   */
  public static String encodePathComponent(String s) {
    if (s.equals(".")) {
      return "%2E";
    }
    if (s.equals("..")) {
      return "%2E%2E";
    }
    return encodeComponent(s);
  }

  /**
   * {@code s} as a URI component: UTF-8, every byte but the unreserved characters ({@code A-Z a-z
   * 0-9 - . _ ~}) percent-encoded, so no value can change the URL's structure.
   */
  public static String encodeComponent(String s) {
    return encodeComponent(s, new StringBuilder(s.length() + 16)).toString();
  }

  private static StringBuilder encodeComponent(String s, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isUnreserved(c)) {
        out.append(c);
      } else if (c < 0x80) {
        escape(c, out);
      } else {
        int end = i + 1;
        while (end < s.length() && s.charAt(end) >= 0x80) {
          end++;
        }
        for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          escape(b & 0xFF, out);
        }
        i = end - 1;
      }
    }
    return out;
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static void escape(int b, StringBuilder out) {
    out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
  }

  /** {@code s} as an {@code application/x-www-form-urlencoded} UTF-8 field (space as {@code +}). */
  public static String formEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
