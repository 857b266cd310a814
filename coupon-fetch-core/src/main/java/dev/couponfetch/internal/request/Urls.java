package dev.couponfetch.internal.request;

import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Encoding, query merging and authority checks for request URLs. Stateless and thread-safe. */
public final class Urls {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** An authority's optional user info, host (maybe empty) and port digits. */
  private static final Pattern HOST_AND_PORT =
      Pattern.compile("(?:[^@]*@)?(\\[[^\\]]*\\]|[^@:\\[\\]]*)(?::([0-9]*))?");

  private static final int MAX_PORT = 65_535;

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

  /**
   * What is wrong with the host or port of {@code uri}, for a problem message ({@code "port 99999
   * is out of range (1–65535)"}, {@code "has no host name"}), or null. {@link URI} takes any digits
   * as a port (and beyond an int's range finds no host at all), but HttpClient refuses a request to
   * port 65536 with an IllegalArgumentException and port 0 is never listening. Never quotes the
   * user info, which may hold a password. Null too for a URI without an authority ({@code
   * mailto:x}, {@code app:/callback}), which the caller judges.
   */
  public static String authorityProblem(URI uri) {
    String authority = uri.getRawAuthority();
    if (authority == null) {
      return null;
    }
    String portText;
    if (uri.getHost() != null) {
      int port = uri.getPort();
      portText = port == -1 ? null : Integer.toString(port);
    } else {
      Matcher m = HOST_AND_PORT.matcher(authority);
      if (!m.matches()) {
        return null; // not host[:port] (a space, a bad character...): the caller's message
      }
      if (m.group(1).isEmpty()) {
        return "has no host name";
      }
      portText = m.group(2);
    }
    if (portText == null || portText.isEmpty()) {
      return null; // "host:" is the scheme's default port
    }
    String digits = portText.replaceFirst("^0+(?=.)", "");
    if (digits.length() > 5 || Integer.parseInt(digits) > MAX_PORT || digits.equals("0")) {
      return "port " + portText + " is out of range (1–" + MAX_PORT + ")";
    }
    return null;
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
  static boolean[] inPath(Template endpoint) {
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
  static String encodePathComponent(String s) {
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
  static String formEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
