package dev.couponfetch;

import dev.couponfetch.internal.request.Urls;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request ready to send, independent of any HTTP client: method, endpoint, extra query
 * parameters, headers and body, with {@code {{variables}}} already filled in and encoded.
 *
 * <p>Headers and query parameters marked sensitive carry credentials: they are masked in {@link
 * #displayUri()}, {@link #toString()} and reports, and a transport must not send them to another
 * origin on a redirect. Immutable and thread-safe; the {@code with…} methods return copies.
 */
public final class PreparedRequest {
  /** A request header; {@link #toString()} masks a sensitive value. */
  public record Header(String name, String value, boolean sensitive) {
    /** Checks the parts. */
    public Header {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
    }

    /** The value as it may be shown: {@code ****} when sensitive. */
    public String displayValue() {
      return sensitive ? Secret.MASK : value;
    }

    @Override
    public String toString() {
      return name + ": " + displayValue();
    }
  }

  /** A query parameter added to the endpoint's own query (unencoded name and value). */
  public record QueryParam(String name, String value, boolean sensitive) {
    /** Checks the parts. */
    public QueryParam {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
    }

    @Override
    public String toString() {
      return name + "=" + (sensitive ? Secret.MASK : value);
    }
  }

  private final RequestMethod method;
  private final URI endpoint;
  private final List<QueryParam> queryParams;
  private final List<Header> headers;
  private final byte[] body;
  private final String contentType;
  // Made when first asked for: the fetch asks more than once, and the value never changes.
  private volatile URI uri;
  private volatile String displayUri;
  // What a reusable plain authenticator made of this request (PlainMemo), for a constant request.
  volatile PlainMemo.Entry reused;

  private PreparedRequest(
      RequestMethod method,
      URI endpoint,
      List<QueryParam> queryParams,
      List<Header> headers,
      byte[] body,
      String contentType) {
    this.method = Objects.requireNonNull(method, "method == null");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint == null");
    this.queryParams = List.copyOf(queryParams);
    this.headers = List.copyOf(headers);
    this.body = body;
    this.contentType = contentType;
  }

  /**
   * A request.
   *
   * @param endpoint the absolute URL, already encoded, with its own query
   * @param body the body bytes, or null for none
   * @param contentType the body's media type, or null for none
   */
  public static PreparedRequest of(
      RequestMethod method, URI endpoint, List<Header> headers, byte[] body, String contentType) {
    return new PreparedRequest(
        method, endpoint, List.of(), headers, body == null ? null : body.clone(), contentType);
  }

  /** The request type. */
  public RequestMethod method() {
    return method;
  }

  /** The endpoint as configured (variables filled in), without the added query parameters. */
  public URI endpoint() {
    return endpoint;
  }

  /** The query parameters added to the endpoint's query (by {@code QUERY_STRING} auth). */
  public List<QueryParam> queryParams() {
    return queryParams;
  }

  /**
   * The URL to send: the endpoint with the added query parameters merged in. A parameter of the
   * same name already in the endpoint's query is replaced.
   */
  public URI uri() {
    URI u = uri;
    if (u == null) {
      u = Urls.merge(endpoint, queryParams, false);
      uri = u;
    }
    return u;
  }

  /** {@link #uri()} with sensitive parameter values shown as {@code ****}. */
  public String displayUri() {
    String d = displayUri;
    if (d == null) {
      d = Urls.merge(endpoint, queryParams, true).toString();
      displayUri = d;
    }
    return d;
  }

  /** The headers, in order. */
  public List<Header> headers() {
    return headers;
  }

  /** A copy of the body, or null. */
  public byte[] body() {
    return body == null ? null : body.clone();
  }

  /** The body as UTF-8 text, or an empty string. */
  public String bodyText() {
    return body == null ? "" : new String(body, StandardCharsets.UTF_8);
  }

  /** The body's media type, or null. */
  public String contentType() {
    return contentType;
  }

  /** A copy with a header added. */
  public PreparedRequest withHeader(String name, String value, boolean sensitive) {
    List<Header> h = new ArrayList<>(headers);
    h.add(new Header(name, value, sensitive));
    PreparedRequest copy = new PreparedRequest(method, endpoint, queryParams, h, body, contentType);
    // The URL is unchanged: keep what was already merged and parsed.
    copy.uri = uri;
    copy.displayUri = displayUri;
    return copy;
  }

  /** A copy with a query parameter added. */
  public PreparedRequest withQueryParam(String name, String value, boolean sensitive) {
    List<QueryParam> q = new ArrayList<>(queryParams);
    q.add(new QueryParam(name, value, sensitive));
    return new PreparedRequest(method, endpoint, q, headers, body, contentType);
  }

  /** Method, masked URL and headers; never a secret. */
  @Override
  public String toString() {
    return method.httpMethod() + " " + displayUri() + " " + headers;
  }
}
