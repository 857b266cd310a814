package dev.couponfetch.httpclient;

import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.internal.text.Redactor;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The headers of the request as it went on the wire, for the exchange a report shows.
 *
 * <p>A {@link PreparedRequest} does not hold what HttpClient adds: the Digest {@code Authorization}
 * answer, {@code Host}, {@code Accept-Encoding}. {@link #RECORDER}, the client's last request
 * interceptor, copies the final headers into the context before each attempt (a Digest challenge
 * makes two), so the last attempt's are read after the response. Every credential is masked
 * (headers HttpClient or core marked sensitive, and the {@link Redactor#credentialHeader} names: a
 * Digest answer HttpClient computed is one); other values pass through the {@link Redactor}.
 * Stateless.
 */
final class WireHeaders {
  private static final String ATTRIBUTE = WireHeaders.class.getName();

  /** Records the headers of each request written, into its context. */
  static final HttpRequestInterceptor RECORDER =
      (request, entity, context) -> context.setAttribute(ATTRIBUTE, request.getHeaders());

  private WireHeaders() {}

  /** Forgets the headers recorded by an earlier request in {@code context} (a reused one). */
  static void clear(HttpContext context) {
    context.removeAttribute(ATTRIBUTE);
  }

  /**
   * {@code req} as it may be shown: the headers recorded in {@code context}, or the prepared ones
   * when nothing was written (a failure to connect), all masked.
   */
  static Exchange.SentRequest sentRequest(
      PreparedRequest req, HttpContext context, Redactor redactor) {
    Object recorded = context.removeAttribute(ATTRIBUTE);
    Header[] wire = recorded instanceof Header[] ? (Header[]) recorded : null;
    // Shown only when asked for (a report, a failure, TRACE): built then, not on every fetch.
    return Exchange.SentRequest.lazy(
        req.method().httpMethod(),
        () -> redactor.redact(req.displayUri()),
        () -> shown(req, wire, redactor),
        req.bodyText());
  }

  private static List<PreparedRequest.Header> shown(
      PreparedRequest req, Header[] wire, Redactor redactor) {
    List<PreparedRequest.Header> shown = new ArrayList<>();
    if (wire != null) {
      for (Header h : wire) {
        shown.add(redactor.header(h.getName(), h.getValue(), h.isSensitive()));
      }
    } else {
      for (PreparedRequest.Header h : req.headers()) {
        shown.add(redactor.header(h.name(), h.value(), h.sensitive()));
      }
    }
    return shown;
  }
}
