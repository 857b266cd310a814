package dev.couponfetch.examples;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the query of an authorization or callback URL in the OAuth2 tests. */
public final class UrlQueries {
  private UrlQueries() {}

  /** The query's parameters, decoded, in order; a name given twice keeps its last value. */
  public static Map<String, String> of(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }
}
