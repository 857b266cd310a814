package dev.couponfetch.httpclient.internal;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import dev.couponfetch.Timings;
import dev.couponfetch.httpclient.tls.TlsClients;
import dev.couponfetch.internal.text.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends an authentication's own request (a token request, a login) through a leased client of the
 * fetcher's, so that the config's network guard, extra trusted CAs and timeouts apply. Redirects
 * are never followed (they would carry the credentials elsewhere) and HttpClient's own
 * authentication is off. The whole request is cut at the config's connect plus response timeout,
 * which otherwise bound each wait, not a slow-drip answer; a body over the cap is refused. The
 * caller maps the failures to its own ({@link #failure} builds them alike). Thread-safe.
 */
public final class CredentialRequests {
  private final Function<CouponSourceConfig, TlsClients.Lease> leases;
  private final String what;
  private final long maxBytes;
  private final Timings.Step step;

  /**
   * @param leases the client a config's request goes through ({@code TlsClients::lease}, or {@code
   *     TlsClients::leaseForToken})
   * @param what what the answer is, for the size message ("token response")
   * @param maxBytes the largest body read
   * @param step what the request is for, in the answer's {@link Answer#timing()} ({@code
   *     TOKEN_REQUEST} or {@code LOGIN})
   */
  public CredentialRequests(
      Function<CouponSourceConfig, TlsClients.Lease> leases,
      String what,
      long maxBytes,
      Timings.Step step) {
    this.leases = leases;
    this.what = what;
    this.maxBytes = maxBytes;
    this.step = step;
  }

  /**
   * An answer, read in full.
   *
   * @param contentType the body's {@code Content-Type}, or null
   * @param charset the charset {@code contentType} names, else UTF-8
   * @param timing where the request's time went: the connection's DNS, connect and TLS (the classic
   *     client connects on the sending thread), the first byte, the body
   */
  public record Answer(
      int status,
      List<PreparedRequest.Header> headers,
      String contentType,
      byte[] body,
      Charset charset,
      Timings.Request timing) {
    /** The body decoded with {@link #charset}. */
    public String text() {
      return new String(body, charset);
    }
  }

  /** The whole request took longer than its config's connect plus response timeout. */
  public static final class DeadlineException extends IOException {
    private static final long serialVersionUID = 1L;

    DeadlineException(long limitMs) {
      super("no complete answer within " + limitMs + " ms (timeouts.connectMs + responseMs)");
    }
  }

  /** The body was larger than the cap. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String what, long max) {
      super("the " + what + " is larger than " + max + " bytes");
    }
  }

  /** Runs the cancellations: one daemon thread for the whole JVM, started on first use. */
  private static final class Cutter {
    static final ScheduledExecutorService TIMER =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "coupon-fetch-credential-deadline");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Sends {@code request} (its config is set here) for {@code config}; the answer's timing names it
   * by its URL without userinfo or query.
   *
   * @throws DeadlineException when the whole request outlasts the connect plus response timeout
   * @throws TooLargeException when the body is over the cap
   * @throws IOException when the request fails otherwise
   */
  public Answer send(HttpUriRequestBase request, CouponSourceConfig config) throws IOException {
    return send(request, config, bare(request));
  }

  /**
   * Sends {@code request} (its config is set here) for {@code config}, timed.
   *
   * @param shownUri the request's URL as reports show it (secrets masked), for the answer's timing
   * @throws DeadlineException when the whole request outlasts the connect plus response timeout
   * @throws TooLargeException when the body is over the cap
   * @throws IOException when the request fails otherwise
   */
  public Answer send(HttpUriRequestBase request, CouponSourceConfig config, String shownUri)
      throws IOException {
    Timeouts timeouts = config.timeouts();
    request.setConfig(requestConfig(timeouts));
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
      return execute(request, config, shownUri);
    } catch (IOException e) {
      if (fired.get() && !(e instanceof TooLargeException)) {
        throw new DeadlineException(limitMs);
      }
      throw e;
    } finally {
      cut.cancel(false);
    }
  }

  private Answer execute(HttpUriRequestBase request, CouponSourceConfig config, String shownUri)
      throws IOException {
    // The classic client connects on this thread: the connection's hooks find the clock here. A
    // clock already on the thread (a send this one runs inside of) is put back after.
    RequestClock outer = RequestClock.current();
    RequestClock clock = new RequestClock(true).describe(request.getMethod(), shownUri).attach();
    HttpClientContext context = HttpClientContext.create();
    context.setAttribute(RequestClock.ATTRIBUTE, clock);
    try (TlsClients.Lease lease = leases.apply(config);
        ClassicHttpResponse response = lease.client().executeOpen(null, request, context)) {
      clock.headArrived();
      List<PreparedRequest.Header> headers = new ArrayList<>();
      for (Header h : response.getHeaders()) {
        headers.add(new PreparedRequest.Header(h.getName(), h.getValue(), h.isSensitive()));
      }
      HttpEntity entity = response.getEntity();
      String type = entity == null ? null : entity.getContentType();
      byte[] body = entity == null ? new byte[0] : read(entity, request);
      clock.bodyRead();
      List<Timings.Request> rounds = clock.timings(step);
      return new Answer(
          response.getCode(), headers, type, body, charset(type), rounds.get(rounds.size() - 1));
    } finally {
      if (outer != null) {
        outer.attach();
      } else {
        RequestClock.detach();
      }
    }
  }

  /** The URL of {@code request} without userinfo or query: nothing secret in it. */
  private static String bare(HttpUriRequestBase request) {
    try {
      java.net.URI u = request.getUri();
      return new java.net.URI(
              u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null)
          .toString();
    } catch (java.net.URISyntaxException e) {
      return request.getRequestUri();
    }
  }

  private byte[] read(HttpEntity entity, HttpUriRequestBase request) throws IOException {
    if (entity.getContentLength() > maxBytes) {
      request.cancel();
      throw new TooLargeException(what, maxBytes);
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
          throw new TooLargeException(what, maxBytes);
        }
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static Charset charset(String contentType) {
    if (contentType == null) {
      return StandardCharsets.UTF_8;
    }
    ContentType t = ContentType.parseLenient(contentType);
    return t == null || t.getCharset() == null ? StandardCharsets.UTF_8 : t.getCharset();
  }

  /**
   * The failure of a request that got no answer, with the exchange as sent (masked): {@code e} is
   * attached as the cause only when its messages hold none of {@code redactor}'s secrets.
   */
  public static CouponFetchException failure(
      Reason reason,
      String message,
      boolean retryable,
      IOException e,
      Exchange exchange,
      Redactor redactor) {
    CouponFetchException.Builder b =
        CouponFetchException.builder(reason, message).retryable(retryable).tokenExchange(exchange);
    if (!redactor.reveals(e)) {
      b.cause(e);
    }
    return b.build();
  }

  /**
   * {@code e}, the failure of an answered request, with the request's {@code timing} (when there is
   * one): a fetch's report then shows where the time of the token request or login went.
   */
  public static CouponFetchException timed(CouponFetchException e, Timings.Request timing) {
    if (timing == null || !e.timings().requests().isEmpty()) {
      return e;
    }
    return e.toBuilder().timings(new Timings(List.of(timing), null)).build();
  }

  @SuppressWarnings("deprecation") // per-request connect timeout: see ClientFactory#forRequest
  private static RequestConfig requestConfig(Timeouts timeouts) {
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
