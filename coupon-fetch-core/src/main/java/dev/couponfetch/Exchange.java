package dev.couponfetch;

import java.util.List;
import java.util.Objects;

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
   * The request as sent.
   *
   * @param method {@code GET} or {@code POST}
   * @param uri the URL with sensitive query values masked
   * @param headers the headers with sensitive values masked
   * @param body the body as text (empty for none), at most {@link #BODY_LIMIT} characters
   */
  public record SentRequest(
      String method, String uri, List<PreparedRequest.Header> headers, String body) {
    /** Copies the headers, masking sensitive values, and cuts the body to {@link #BODY_LIMIT}. */
    public SentRequest {
      if (body.length() > BODY_LIMIT) {
        body = body.substring(0, BODY_LIMIT) + "\n(body cut at " + BODY_LIMIT + " characters)";
      }
      headers =
          headers.stream()
              .map(h -> new PreparedRequest.Header(h.name(), h.displayValue(), h.sensitive()))
              .toList();
    }

    /** The request as it may be shown. */
    public static SentRequest of(PreparedRequest request) {
      return new SentRequest(
          request.method().httpMethod(),
          request.displayUri(),
          request.headers(),
          request.bodyText());
    }
  }

  /**
   * The response as received.
   *
   * @param status the HTTP status
   * @param headers the response headers
   * @param body the body as text, at most {@link #BODY_LIMIT} characters
   * @param truncated whether the body was cut
   */
  public record ReceivedResponse(
      int status, List<PreparedRequest.Header> headers, String body, boolean truncated) {
    /** Copies the headers and cuts the body to {@link #BODY_LIMIT}. */
    public ReceivedResponse {
      headers = List.copyOf(headers);
      if (body.length() > BODY_LIMIT) {
        body = body.substring(0, BODY_LIMIT);
        truncated = true;
      }
    }
  }
}
