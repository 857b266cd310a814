package dev.couponfetch.httpclient;

import dev.couponfetch.internal.text.Redactor;
import java.io.IOException;
import java.util.Locale;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.MessageConstraintException;

/**
 * Recognises an answer that broke HTTP among the failures HttpClient reports, and says what broke.
 * Such an answer is {@code SERVER_ERROR}, not retryable (see {@link Failures}): the connection
 * worked, so it is no {@code CONNECT_FAILED}, and no status came, so it is no {@code HTTP_ERROR}.
 * Both clients parse strictly (HttpClient's lenient parser would skip lines that are not HTTP until
 * the connection closed, and the answer would look like none). Stateless.
 */
final class BrokenHttp {
  static final String EXPLANATION = "The endpoint's answer is not valid HTTP.";
  static final String HINT =
      "Check the scheme and port of the endpoint URL (https to an http port, or a port of another"
          + " service, gives such answers); otherwise the endpoint, or a proxy in front of it, must"
          + " be fixed.";

  private BrokenHttp() {}

  /**
   * Whether {@code e} says the answer broke HTTP: a broken status line or header (a {@link
   * ClientProtocolException}; not a 101, see {@link #switchedProtocols}), a head past HttpCore's
   * limits (too many headers, an endless line), broken chunk framing. A body cut off mid-chunk is
   * {@link ResponseReader.Truncated} instead.
   */
  static boolean is(IOException e) {
    return e instanceof MessageConstraintException
        || e instanceof MalformedChunkCodingException
        || (e instanceof ClientProtocolException && !switchedProtocols(e));
  }

  /** What broke, in words: HttpCore's own message, without its class name. */
  static String describe(IOException e, Redactor redactor) {
    String m = root(e).getMessage();
    String what = m == null || m.isBlank() ? null : Failures.excerpt(redactor.redact(m));
    if (e instanceof MessageConstraintException) {
      return "its head is larger than allowed" + (what == null ? "" : " (" + what + ")");
    }
    if (e instanceof MalformedChunkCodingException) {
      return "broken chunked encoding" + (what == null ? "" : " (" + what + ")");
    }
    return what == null ? "a broken status line or header" : what;
  }

  /**
   * Whether HttpClient failed on a {@code 101 Switching Protocols}: it treats a 101 as an offer to
   * switch to TLS and throws from its {@code ProtocolSwitchStrategy} when it is not one.
   */
  static boolean switchedProtocols(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m != null && m.toLowerCase(Locale.ROOT).contains("protocol switch")) {
        return true;
      }
      for (StackTraceElement f : c.getStackTrace()) {
        if (f.getClassName().endsWith(".ProtocolSwitchStrategy")) {
          return true;
        }
      }
    }
    return false;
  }

  private static Throwable root(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
