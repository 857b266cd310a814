package dev.couponfetch;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What was sent and what came back, for the Test Configuration report and for troubleshooting.
 * Secrets are already masked. Immutable.
 *
 * @param request the request as sent, secrets masked
 * @param response the response, or null when none was received
 */
public record Exchange(SentRequest request, ReceivedResponse response) {
  /** At most this many characters of a response body are kept. */
  public static final int BODY_LIMIT = 64 * 1024;

  /** Checks the request is present. */
  public Exchange {
    Objects.requireNonNull(request, "request == null");
  }

  /**
   * The request as sent. Immutable; a transport may supply the headers lazily (they are then built
   * once, when first asked for).
   */
  public static final class SentRequest {
    private final String method;
    private final Supplier<String> uriSource;
    private final String body;
    private final Supplier<List<PreparedRequest.Header>> headerSource;
    private volatile String uri;
    private volatile List<PreparedRequest.Header> headers;

    /**
     * @param method {@code GET} or {@code POST}
     * @param uri the URL with sensitive query values masked
     * @param headers the headers; sensitive values are masked
     * @param body the body as text (empty for none), cut to {@link #BODY_LIMIT} characters
     */
    public SentRequest(
        String method, String uri, List<PreparedRequest.Header> headers, String body) {
      this(method, null, body, null);
      this.uri = Objects.requireNonNull(uri, "uri == null");
      this.headers = masked(Objects.requireNonNull(headers, "headers == null"));
    }

    private SentRequest(
        String method,
        Supplier<String> uriSource,
        String body,
        Supplier<List<PreparedRequest.Header>> headerSource) {
      this.method = Objects.requireNonNull(method, "method == null");
      this.uriSource = uriSource;
      this.body = cut(Objects.requireNonNull(body, "body == null"));
      this.headerSource = headerSource;
    }

    /**
     * A request whose URL and headers {@code uri} and {@code headers} give when first asked for
     * (the headers then masked).
     */
    public static SentRequest lazy(
        String method,
        Supplier<String> uri,
        Supplier<List<PreparedRequest.Header>> headers,
        String body) {
      return new SentRequest(
          method,
          Objects.requireNonNull(uri, "uri == null"),
          body,
          Objects.requireNonNull(headers, "headers == null"));
    }

    /** The request as it may be shown. */
    public static SentRequest of(PreparedRequest request) {
      return new SentRequest(
          request.method().httpMethod(),
          request.displayUri(),
          request.headers(),
          request.bodyText());
    }

    /** {@code GET} or {@code POST}. */
    public String method() {
      return method;
    }

    /** The URL with sensitive query values masked. */
    public String uri() {
      String u = uri;
      if (u == null) {
        u = Objects.requireNonNull(uriSource.get(), "uri == null");
        uri = u;
      }
      return u;
    }

    /** The headers with sensitive values masked. */
    public List<PreparedRequest.Header> headers() {
      List<PreparedRequest.Header> h = headers;
      if (h == null) {
        h = masked(headerSource.get());
        headers = h;
      }
      return h;
    }

    /** The body as text (empty for none), at most {@link #BODY_LIMIT} characters. */
    public String body() {
      return body;
    }

    private static String cut(String body) {
      return body.length() > BODY_LIMIT
          ? body.substring(0, BODY_LIMIT) + "\n(body cut at " + BODY_LIMIT + " characters)"
          : body;
    }

    private static List<PreparedRequest.Header> masked(List<PreparedRequest.Header> headers) {
      return headers.stream()
          .map(h -> new PreparedRequest.Header(h.name(), h.displayValue(), h.sensitive()))
          .toList();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SentRequest r
          && method.equals(r.method)
          && uri().equals(r.uri())
          && headers().equals(r.headers())
          && body.equals(r.body);
    }

    @Override
    public int hashCode() {
      return Objects.hash(method, uri(), headers(), body);
    }

    @Override
    public String toString() {
      return "SentRequest[method="
          + method
          + ", uri="
          + uri()
          + ", headers="
          + headers()
          + ", body="
          + body
          + "]";
    }
  }

  /**
   * The response as received. Immutable; a transport may supply the headers and body lazily (they
   * are then built once, when first asked for).
   */
  public static final class ReceivedResponse {
    private final int status;
    private final Supplier<List<PreparedRequest.Header>> headerSource;
    private final Supplier<String> bodySource;
    private final boolean cutBefore;
    private volatile List<PreparedRequest.Header> headers;
    private volatile String body;
    private volatile boolean truncated;

    /**
     * @param status the HTTP status
     * @param headers the response headers
     * @param body the body as text; cut to {@link #BODY_LIMIT} characters
     * @param truncated whether the body was cut before it got here
     */
    public ReceivedResponse(
        int status, List<PreparedRequest.Header> headers, String body, boolean truncated) {
      this(
          status,
          (Supplier<List<PreparedRequest.Header>>) null,
          (Supplier<String>) null,
          truncated);
      this.headers = List.copyOf(headers);
      setBody(Objects.requireNonNull(body, "body == null"));
    }

    private ReceivedResponse(
        int status,
        Supplier<List<PreparedRequest.Header>> headerSource,
        Supplier<String> bodySource,
        boolean cutBefore) {
      this.status = status;
      this.headerSource = headerSource;
      this.bodySource = bodySource;
      this.cutBefore = cutBefore;
      this.truncated = cutBefore;
    }

    /**
     * A response whose headers and body text are made when first asked for.
     *
     * @param truncated whether the body was cut before it got here
     */
    public static ReceivedResponse lazy(
        int status,
        Supplier<List<PreparedRequest.Header>> headers,
        Supplier<String> body,
        boolean truncated) {
      return new ReceivedResponse(
          status,
          Objects.requireNonNull(headers, "headers == null"),
          Objects.requireNonNull(body, "body == null"),
          truncated);
    }

    /** The HTTP status. */
    public int status() {
      return status;
    }

    /** The response headers. */
    public List<PreparedRequest.Header> headers() {
      List<PreparedRequest.Header> h = headers;
      if (h == null) {
        h = List.copyOf(headerSource.get());
        headers = h;
      }
      return h;
    }

    /** The body as text, at most {@link #BODY_LIMIT} characters. */
    public String body() {
      String b = body;
      if (b == null) {
        setBody(bodySource.get());
        b = body;
      }
      return b;
    }

    /** Whether the body was cut. */
    public boolean truncated() {
      body();
      return truncated;
    }

    private void setBody(String text) {
      // truncated before body: a reader that sees the body sees the flag too.
      if (text.length() > BODY_LIMIT) {
        truncated = true;
        text = text.substring(0, BODY_LIMIT);
      } else {
        truncated = cutBefore;
      }
      body = text;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ReceivedResponse r
          && status == r.status
          && truncated() == r.truncated()
          && headers().equals(r.headers())
          && body().equals(r.body());
    }

    @Override
    public int hashCode() {
      return Objects.hash(status, headers(), body(), truncated());
    }

    @Override
    public String toString() {
      return "ReceivedResponse[status="
          + status
          + ", headers="
          + headers()
          + ", body="
          + body()
          + ", truncated="
          + truncated()
          + "]";
    }
  }
}
