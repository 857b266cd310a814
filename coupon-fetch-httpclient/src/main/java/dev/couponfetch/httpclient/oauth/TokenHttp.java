package dev.couponfetch.httpclient.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Timeouts;
import dev.couponfetch.httpclient.tls.TlsClients;
import dev.couponfetch.internal.text.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends Nimbus' token requests through the fetcher's pooled HttpClient (so the config's timeouts,
 * its extra trusted CAs and the client's network guard apply), never through Nimbus' own {@code
 * HttpURLConnection} sender, which follows redirects. Redirects are not followed: a token endpoint
 * that redirects is misconfigured, and the redirect would carry the client's credentials.
 * Thread-safe.
 */
final class TokenHttp {
  private final TlsClients clients;
  private final long maxBytes;

  TokenHttp(TlsClients clients, long maxBytes) {
    this.clients = clients;
    this.maxBytes = maxBytes;
  }

  /** A token endpoint's answer, read in full (up to the size cap). */
  record Response(
      int status, List<PreparedRequest.Header> headers, String contentType, String body) {
    /**
     * The answer as Nimbus parses it. A JSON object sent as {@code text/plain} or {@code
     * text/javascript} (some older servers do) is read as JSON rather than refused.
     */
    HTTPResponse toNimbus() throws ParseException {
      HTTPResponse r = new HTTPResponse(status);
      for (PreparedRequest.Header h : headers) {
        if (!h.name().equalsIgnoreCase("Content-Type")) {
          r.setHeader(h.name(), h.value());
        }
      }
      boolean json =
          contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
      if (json || body.strip().startsWith("{")) {
        r.setContentType("application/json");
      } else if (contentType != null) {
        r.setContentType(contentType);
      }
      r.setBody(body);
      return r;
    }

    /** The answer as it may be shown: credential headers, tokens and known secrets masked. */
    Exchange.ReceivedResponse shown(Redactor redactor) {
      List<PreparedRequest.Header> shown = new ArrayList<>();
      for (PreparedRequest.Header h : headers) {
        shown.add(redactor.header(h.name(), h.value(), h.sensitive()));
      }
      return new Exchange.ReceivedResponse(status, shown, redactor.redact(body), false);
    }
  }

  /** The token request as it may be shown: credentials masked in the headers and the form. */
  static Exchange.SentRequest shown(HTTPRequest request, Redactor redactor) {
    List<PreparedRequest.Header> headers = new ArrayList<>();
    for (Map.Entry<String, List<String>> h : request.getHeaderMap().entrySet()) {
      for (String v : h.getValue()) {
        headers.add(redactor.header(h.getKey(), v, sensitive(h.getKey())));
      }
    }
    String raw = request.getBody() == null ? "" : request.getBody();
    String body = raw.startsWith("{") ? redactor.redactJsonRequest(raw) : redactor.redactForm(raw);
    return new Exchange.SentRequest(
        request.getMethod().name(), request.getURI().toString(), headers, body);
  }

  /**
   * Whether a token request header carries a credential: every one but {@code Accept} and {@code
   * Content-Type}, which Nimbus sets; the rest are {@code Authorization} and {@code
   * auth.tokenHeaders}, whose values are secrets.
   */
  static boolean sensitive(String name) {
    return !name.equalsIgnoreCase("Accept") && !name.equalsIgnoreCase("Content-Type");
  }

  /**
   * Cuts token requests that outlast their config's connect plus response timeout: those bound each
   * wait, not a slow-drip answer. One daemon thread for the whole JVM, started on first use; it
   * only runs the cancellations.
   */
  private static final class Cutter {
    static final ScheduledExecutorService TIMER =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "coupon-fetch-token-deadline");
              t.setDaemon(true);
              return t;
            });
  }

  /** The whole token request took longer than its config's connect plus response timeout. */
  static final class DeadlineException extends IOException {
    private static final long serialVersionUID = 1L;

    DeadlineException(long limitMs) {
      super("no complete answer within " + limitMs + " ms (timeouts.connectMs + responseMs)");
    }
  }

  /** The body was larger than the cap. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long max) {
      super("the token response is larger than " + max + " bytes");
    }
  }

  Response post(HTTPRequest nimbus, CouponSourceConfig config) throws IOException {
    Timeouts timeouts = config.timeouts();
    HttpUriRequestBase request = new HttpUriRequestBase("POST", nimbus.getURI());
    String contentType = null;
    for (Map.Entry<String, List<String>> h : nimbus.getHeaderMap().entrySet()) {
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        contentType = h.getValue().get(0);
        continue;
      }
      boolean sensitive = sensitive(h.getKey());
      for (String v : h.getValue()) {
        request.addHeader(new BasicHeader(h.getKey(), v, sensitive));
      }
    }
    String body = nimbus.getBody() == null ? "" : nimbus.getBody();
    request.setEntity(
        new StringEntity(
            body,
            contentType == null
                ? org.apache.hc.core5.http.ContentType.APPLICATION_FORM_URLENCODED
                : org.apache.hc.core5.http.ContentType.parse(contentType)));
    request.setConfig(config(timeouts));
    long limitMs = timeouts.connect().toMillis() + timeouts.response().toMillis();
    // Set before the cancel: the reading thread may see the closed socket before the task ends.
    AtomicBoolean fired = new AtomicBoolean();
    ScheduledFuture<?> cut =
        Cutter.TIMER.schedule(
            () -> {
              fired.set(true);
              request.cancel();
            },
            limitMs,
            TimeUnit.MILLISECONDS);
    try {
      return send(request, config);
    } catch (IOException e) {
      if (fired.get() && !(e instanceof TooLargeException)) {
        throw new DeadlineException(limitMs);
      }
      throw e;
    } finally {
      cut.cancel(false);
    }
  }

  private Response send(HttpUriRequestBase request, CouponSourceConfig config) throws IOException {
    try (TlsClients.Lease lease = clients.leaseForToken(config);
        ClassicHttpResponse response =
            lease.client().executeOpen(null, request, HttpClientContext.create())) {
      List<PreparedRequest.Header> headers = new ArrayList<>();
      for (Header h : response.getHeaders()) {
        headers.add(new PreparedRequest.Header(h.getName(), h.getValue(), h.isSensitive()));
      }
      HttpEntity entity = response.getEntity();
      String type = entity == null ? null : entity.getContentType();
      String text = entity == null ? "" : read(entity, request);
      return new Response(response.getCode(), headers, type, text);
    }
  }

  private String read(HttpEntity entity, HttpUriRequestBase request) throws IOException {
    if (entity.getContentLength() > maxBytes) {
      request.cancel();
      throw new TooLargeException(maxBytes);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long total = 0;
    try (InputStream in = entity.getContent()) {
      int n;
      while ((n = in.read(buf)) != -1) {
        total += n;
        if (total > maxBytes) {
          request.cancel();
          throw new TooLargeException(maxBytes);
        }
        out.write(buf, 0, n);
      }
    }
    return out.toString(charset(entity));
  }

  private static Charset charset(HttpEntity entity) {
    if (entity.getContentType() == null) {
      return StandardCharsets.UTF_8;
    }
    org.apache.hc.core5.http.ContentType t =
        org.apache.hc.core5.http.ContentType.parseLenient(entity.getContentType());
    return t == null || t.getCharset() == null ? StandardCharsets.UTF_8 : t.getCharset();
  }

  @SuppressWarnings("deprecation") // per-request connect timeout: see ClientFactory#forRequest
  private static RequestConfig config(Timeouts timeouts) {
    Timeout connect = Timeout.of(timeouts.connect());
    return RequestConfig.custom()
        .setConnectionRequestTimeout(connect)
        .setConnectTimeout(connect)
        .setResponseTimeout(Timeout.of(timeouts.response()))
        .setRedirectsEnabled(false)
        .setAuthenticationEnabled(false)
        .build();
  }
}
