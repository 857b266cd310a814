package dev.couponfetch.internal.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.Secret;
import dev.couponfetch.internal.config.FieldPath;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A config's request with every {@code {{variable}}} template compiled once: the endpoint, the
 * header values, the payload's string values and the auth params/headers/settings (compiled here
 * only to check their syntax and to report all missing variables at once; the authenticator adds
 * them).
 *
 * <p>Content type: {@code POST_JSON} sends {@code application/json}, {@code POST_FORM} sends {@code
 * application/x-www-form-urlencoded} (no charset parameter, as browsers send it; the body is
 * UTF-8). A config header {@code Content-Type} replaces that default and is carried as {@link
 * PreparedRequest#contentType()}, not among the headers. Immutable and thread-safe.
 */
public final class RequestTemplate {
  static final String JSON = "application/json";
  static final String FORM = "application/x-www-form-urlencoded";

  private final RequestMethod method;
  private final Template endpoint;
  private final boolean[] endpointInPath;
  private final List<HeaderTemplate> headers;
  private final Template contentType;
  private final String contentTypeWhere;
  private final PayloadTemplate payload;
  private final Map<String, String> uses;

  private record HeaderTemplate(String name, Template value, String where, boolean sensitive) {}

  private RequestTemplate(
      RequestMethod method,
      Template endpoint,
      List<HeaderTemplate> headers,
      Template contentType,
      String contentTypeWhere,
      PayloadTemplate payload,
      Map<String, String> uses) {
    this.method = method;
    this.endpoint = endpoint;
    this.endpointInPath = Urls.inPath(endpoint);
    this.headers = headers;
    this.contentType = contentType;
    this.contentTypeWhere = contentTypeWhere;
    this.payload = payload;
    this.uses = uses;
  }

  /**
   * Compiles {@code config}'s templates, adding a problem for each syntax error.
   *
   * @return the template, or null when a problem was found in it
   */
  public static RequestTemplate compile(CouponSourceConfig config, List<String> problems) {
    int before = problems.size();
    Map<String, String> uses = new LinkedHashMap<>();
    Template endpoint =
        track(Template.compile(config.endpoint(), "endpoint", false, problems), "endpoint", uses);
    List<HeaderTemplate> headers = new ArrayList<>();
    Template contentType = null;
    String contentTypeWhere = null;
    for (Map.Entry<String, String> h : config.headers().entrySet()) {
      String where = FieldPath.child("headers", h.getKey());
      Template value = track(Template.compile(h.getValue(), where, false, problems), where, uses);
      if (config.method() != RequestMethod.GET && h.getKey().equalsIgnoreCase("Content-Type")) {
        contentType = value;
        contentTypeWhere = where;
      } else {
        headers.add(
            new HeaderTemplate(h.getKey(), value, where, HeaderNames.isCredential(h.getKey())));
      }
    }
    PayloadTemplate payload = null;
    JsonNode node = config.payload();
    if (node != null) {
      payload = PayloadTemplate.compile(node, problems);
      if (payload != null) {
        payload.variableUses().forEach(uses::putIfAbsent);
      }
    }
    AuthConfig auth = config.auth();
    trackAll(auth.params(), "auth.params", problems, uses);
    trackAll(auth.headers(), "auth.headers", problems, uses);
    trackAll(auth.settings(), "auth.settings", problems, uses);
    if (problems.size() > before) {
      return null;
    }
    return new RequestTemplate(
        config.method(),
        endpoint,
        List.copyOf(headers),
        contentType,
        contentTypeWhere,
        payload,
        uses);
  }

  private static Template track(Template t, String where, Map<String, String> uses) {
    if (t != null) {
      for (String name : t.variables()) {
        uses.putIfAbsent(name, where);
      }
    }
    return t;
  }

  private static void trackAll(
      Map<String, Secret> values, String parent, List<String> problems, Map<String, String> uses) {
    for (Map.Entry<String, Secret> e : values.entrySet()) {
      String where = FieldPath.child(parent, e.getKey());
      track(Template.compile(e.getValue().reveal(), where, true, problems), where, uses);
    }
  }

  /** Whether any part of the request, credentials included, holds a {@code {{variable}}}. */
  public boolean usesVariables() {
    return !uses.isEmpty();
  }

  /**
   * The request with {@code variables} filled in, before authentication.
   *
   * @throws CouponFetchException {@code MISSING_VARIABLE} naming every variable not supplied (auth
   *     params and headers included), or {@code INVALID_CONFIG} when a value would break a header
   *     or the URL
   */
  public PreparedRequest prepare(Map<String, String> variables) {
    Objects.requireNonNull(variables, "variables == null");
    Map<String, String> missing = null;
    for (Map.Entry<String, String> use : uses.entrySet()) {
      if (variables.get(use.getKey()) == null) {
        if (missing == null) {
          missing = new LinkedHashMap<>();
        }
        missing.put(use.getKey(), use.getValue());
      }
    }
    if (missing != null) {
      throw Template.missing(missing);
    }
    URI uri =
        uri(
            endpoint.renderWith(
                variables,
                (i, value) ->
                    endpointInPath[i]
                        ? Urls.encodePathComponent(value)
                        : Urls.encodeComponent(value),
                "endpoint"));
    List<PreparedRequest.Header> list = new ArrayList<>(headers.size());
    for (HeaderTemplate h : headers) {
      list.add(
          new PreparedRequest.Header(
              h.name(), h.value().renderHeader(variables, h.where()), h.sensitive()));
    }
    switch (method) {
      case POST_JSON:
        return PreparedRequest.of(
            method,
            uri,
            list,
            payload == null ? new byte[] {'{', '}'} : payload.json(variables),
            type(variables, JSON));
      case POST_FORM:
        return PreparedRequest.of(
            method,
            uri,
            list,
            payload == null ? new byte[0] : payload.form(variables),
            type(variables, FORM));
      default:
        return PreparedRequest.of(method, uri, list, null, null);
    }
  }

  private String type(Map<String, String> variables, String fallback) {
    return contentType == null ? fallback : contentType.renderHeader(variables, contentTypeWhere);
  }

  private static URI uri(String text) {
    try {
      URI uri = new URI(text);
      if (uri.getHost() == null) {
        throw new URISyntaxException(text, "no host");
      }
      // Non-ASCII literals are legal in java.net.URI but not on the wire.
      return uri.toASCIIString().equals(text) ? uri : new URI(uri.toASCIIString());
    } catch (URISyntaxException e) {
      throw CouponFetchException.invalidConfig(
          List.of("endpoint: with the variables filled in, '" + text + "' is not a valid URL"));
    }
  }
}
