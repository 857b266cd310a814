package dev.couponfetch.httpclient.internal;

import dev.couponfetch.Timings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpResponseInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The stopwatch of one send (one {@code execute} of HttpClient): when its connection's DNS lookup,
 * connect and TLS handshake ran, when the response's head came and when its body was read. Only
 * {@link System#nanoTime()}; one per send.
 *
 * <p>The hooks find it two ways: the connection's (the guarded resolver, the connection operator,
 * the TLS strategy) through {@link #current()}, set on the sending thread around a blocking send
 * (the classic client connects on the calling thread; the async client on its I/O threads, which do
 * not see it: there the connection's phases are not measured); the request and response
 * interceptors ({@link #ROUND}, {@link #HEAD}) through the context's attribute, in both modes. A
 * Digest challenge is answered inside one send: each round before the last is kept as a {@link
 * Timings.Step#CHALLENGE}.
 *
 * <p>Not thread-safe: one thread at a time touches it, handed on by the client's own ordering.
 */
public final class RequestClock {
  /** The context attribute holding the clock of the send. */
  public static final String ATTRIBUTE = "dev.couponfetch.requestClock";

  private static final ThreadLocal<RequestClock> CURRENT = new ThreadLocal<>();

  /** What the request was waiting for when it failed. */
  public enum Phase {
    /** Opening the connection (DNS, TCP connect). */
    CONNECT,
    /** The TLS handshake. */
    TLS,
    /** The response's status line and headers. */
    FIRST_BYTE,
    /** The response's body. */
    BODY
  }

  /** Marks the start of each round (a Digest challenge's answer is a second round). */
  public static final HttpRequestInterceptor ROUND =
      (HttpRequest request, EntityDetails entity, HttpContext context) -> {
        RequestClock c = of(context);
        if (c != null) {
          c.round(System.nanoTime());
        }
      };

  /** Marks the arrival of a response's head. */
  public static final HttpResponseInterceptor HEAD =
      (HttpResponse response, EntityDetails entity, HttpContext context) -> {
        RequestClock c = of(context);
        if (c != null && c.head < 0) {
          c.head = System.nanoTime();
        }
      };

  private final boolean connectionSeen;
  private List<Timings.Request> challenges;
  private String method = "GET";
  private String uri;
  private long roundStart = System.nanoTime();
  private boolean rounds;
  private long dns = -1;
  private long connect = -1;
  private long tls = -1;
  private long ready = -1;
  private long head = -1;
  private long bodyEnd = -1;
  private Phase inProgress;

  /**
   * @param connectionSeen whether the connection's hooks run on the sending thread (the classic
   *     client): whether a send without them went over a reused connection
   */
  public RequestClock(boolean connectionSeen) {
    this.connectionSeen = connectionSeen;
  }

  /** The clock of the send on this thread, or null. */
  public static RequestClock current() {
    return CURRENT.get();
  }

  /** The clock in {@code context}, or null. */
  public static RequestClock of(HttpContext context) {
    Object o = context == null ? null : context.getAttribute(ATTRIBUTE);
    return o instanceof RequestClock ? (RequestClock) o : null;
  }

  /** Makes this the clock of the sending thread, until {@link #detach()}. */
  public RequestClock attach() {
    CURRENT.set(this);
    return this;
  }

  /** No clock on this thread any more. */
  public static void detach() {
    CURRENT.remove();
  }

  /** The request the clock times, for the report (the URL masked). */
  public RequestClock describe(String method, String maskedUri) {
    this.method = method;
    this.uri = maskedUri;
    return this;
  }

  private void round(long now) {
    if (rounds && head >= 0) {
      // The previous round was answered (a challenge) and the request goes again.
      if (challenges == null) {
        challenges = new ArrayList<>(1);
      }
      challenges.add(timing(Timings.Step.CHALLENGE, now));
      dns = connect = tls = ready = -1;
      head = -1;
      bodyEnd = -1;
    }
    rounds = true;
    roundStart = now;
  }

  /** A name lookup took {@code nanos}. */
  public void dns(long nanos) {
    dns = Math.max(dns, 0) + nanos;
  }

  /** Opening a connection starts now. */
  public void connecting() {
    inProgress = Phase.CONNECT;
  }

  /**
   * The connection is open, {@code nanos} after it started: its lookup and handshake, measured
   * apart, are taken out.
   */
  public void connected(long nanos) {
    connect = Math.max(0, nanos - Math.max(dns, 0) - Math.max(tls, 0));
    ready = System.nanoTime();
    inProgress = null;
  }

  /** The TLS handshake starts now. */
  public void handshaking() {
    inProgress = Phase.TLS;
  }

  /** A TLS handshake took {@code nanos}. */
  public void handshaken(long nanos) {
    tls = Math.max(tls, 0) + nanos;
    ready = System.nanoTime();
    inProgress = Phase.CONNECT;
  }

  /**
   * The response's head is there now, unless the {@link #HEAD} interceptor saw it earlier (a client
   * without the interceptor: the caller marks it when {@code execute} returns).
   */
  public void headArrived() {
    if (head < 0) {
      head = System.nanoTime();
    }
  }

  /** The body was read to its end (or as far as it is read) now. */
  public void bodyRead() {
    if (bodyEnd < 0) {
      bodyEnd = System.nanoTime();
    }
  }

  /** What the send was waiting for when it stopped. */
  public Phase phase() {
    if (inProgress != null) {
      return inProgress;
    }
    return head < 0 ? Phase.FIRST_BYTE : Phase.BODY;
  }

  /** The rounds of the send: the challenges answered, then the last as {@code step}. */
  public List<Timings.Request> timings(Timings.Step step) {
    Timings.Request last = timing(step, System.nanoTime());
    if (challenges == null) {
      return List.of(last);
    }
    List<Timings.Request> all = new ArrayList<>(challenges);
    all.add(last);
    return all;
  }

  private Timings.Request timing(Timings.Step step, long now) {
    boolean opened = connect >= 0 || tls >= 0 || dns >= 0;
    long from = Math.max(roundStart, ready);
    Duration firstByte = head < 0 ? null : Duration.ofNanos(Math.max(0, head - from));
    Duration body = head < 0 || bodyEnd < 0 ? null : Duration.ofNanos(Math.max(0, bodyEnd - head));
    return new Timings.Request(
        step,
        method,
        uri,
        connectionSeen ? Boolean.valueOf(!opened) : null,
        nanos(dns),
        nanos(connect),
        nanos(tls),
        firstByte,
        body);
  }

  private static Duration nanos(long n) {
    return n < 0 ? null : Duration.ofNanos(n);
  }
}
