package dev.couponfetch.httpclient.oauth;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Secret;
import dev.couponfetch.internal.text.SecretText;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the secrets of one token request and its response for reports, messages and logs: by
 * position, the form fields that carry credentials, the {@code Authorization} header and the token
 * fields of a JSON response, whatever their length; by value, every known secret long enough to
 * search for ({@link SecretText}, the search the fetch's redactor makes too) wherever else it
 * appears (an error body may echo the request). Immutable.
 */
final class Masker {
  private static final Set<String> SECRET_FIELDS =
      Set.of(
          "client_secret",
          "code",
          "code_verifier",
          "refresh_token",
          "access_token",
          "id_token",
          "client_assertion",
          "assertion",
          "password");

  /** {@code "access_token": "…"}: the name, then the string value (escapes allowed). */
  private static final Pattern JSON_TOKEN =
      Pattern.compile(
          "(\"(?:access_token|refresh_token|id_token)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)\"");

  private final SecretText secrets;

  Masker(Collection<String> secrets) {
    this(SecretText.of(secrets));
  }

  private Masker(SecretText secrets) {
    this.secrets = secrets;
  }

  /** A masker that also masks {@code more}. */
  Masker plus(Collection<String> more) {
    return new Masker(secrets.plus(more));
  }

  /** The values of the token fields of a JSON body, to be masked wherever they appear. */
  static List<String> tokenValues(String body) {
    List<String> values = new ArrayList<>();
    Matcher m = JSON_TOKEN.matcher(body);
    while (m.find()) {
      values.add(m.group(2));
    }
    return values;
  }

  /** {@code text} with token fields and known secrets shown as {@code ****}; null stays null. */
  String mask(String text) {
    if (text == null) {
      return null;
    }
    return secrets.mask(JSON_TOKEN.matcher(text).replaceAll("$1" + Secret.MASK + "\""));
  }

  /** Whether {@code text} holds a known secret. */
  boolean reveals(String text) {
    return secrets.reveals(text);
  }

  /** Whether a message in the cause chain of {@code t} holds a known secret. */
  boolean reveals(Throwable t) {
    return secrets.reveals(t);
  }

  /** The token request as it may be shown: credentials masked in the headers and the form. */
  Exchange.SentRequest sentRequest(HTTPRequest request) {
    List<PreparedRequest.Header> headers = new ArrayList<>();
    for (Map.Entry<String, List<String>> h : request.getHeaderMap().entrySet()) {
      boolean sensitive = h.getKey().equalsIgnoreCase("Authorization");
      for (String v : h.getValue()) {
        headers.add(new PreparedRequest.Header(h.getKey(), sensitive ? Secret.MASK : v, sensitive));
      }
    }
    String body = request.getBody() == null ? "" : maskForm(request.getBody());
    return new Exchange.SentRequest(
        request.getMethod().name(), request.getURI().toString(), headers, body);
  }

  private String maskForm(String form) {
    StringBuilder out = new StringBuilder();
    for (String pair : form.split("&", -1)) {
      if (out.length() > 0) {
        out.append('&');
      }
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (eq >= 0 && SECRET_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
        out.append(pair, 0, eq + 1).append(Secret.MASK);
      } else {
        out.append(mask(pair));
      }
    }
    return out.toString();
  }

  /** The token response as it may be shown: tokens and known secrets masked. */
  Exchange.ReceivedResponse received(TokenHttp.Response response) {
    List<PreparedRequest.Header> headers = new ArrayList<>();
    for (PreparedRequest.Header h : response.headers()) {
      boolean sensitive = h.sensitive() || h.name().equalsIgnoreCase("Set-Cookie");
      headers.add(
          new PreparedRequest.Header(
              h.name(), sensitive ? Secret.MASK : mask(h.value()), sensitive));
    }
    return new Exchange.ReceivedResponse(response.status(), headers, mask(response.body()), false);
  }
}
