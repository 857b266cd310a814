package dev.couponfetch.examples.serve;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while the client is slow: it reads what has
 * arrived, asks Jetty to call back when more does ({@link Request#demand}), and gives up at a
 * deadline for the whole body, so a client that sends its headers and then stalls or dribbles costs
 * a connection (closed at the deadline), never one of the threads that answer everyone else. One
 * instance reads one body; Jetty serializes its demand callbacks, and the deadline and the reader
 * agree on one outcome through {@link #finish()}.
 */
final class BodyReader implements Runnable {
  /** What became of the body; exactly one method is called, once. */
  interface Outcome {
    /** The whole body, as UTF-8 text; blocking work may be done here. */
    void body(String body);

    /**
     * The body was refused or could not be read: {@code status} is 413 (too large), 408 (not all
     * sent within the deadline) or 400 (malformed, for example a broken chunked encoding).
     */
    void refused(int status, String message);
  }

  private final Request request;
  private final int max;
  private final Outcome outcome;
  private final AtomicBoolean done = new AtomicBoolean();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private Scheduler.Task deadline;

  private BodyReader(Request request, int max, Outcome outcome) {
    this.request = request;
    this.max = max;
    this.outcome = outcome;
  }

  /**
   * Reads {@code request}'s body of at most {@code max} bytes within {@code timeout}, then tells
   * {@code outcome}; returns at once when the body has not all arrived yet.
   */
  static void read(Request request, int max, Duration timeout, Outcome outcome) {
    if (request.getLength() > max) {
      outcome.refused(HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge(max));
      return;
    }
    BodyReader reader = new BodyReader(request, max, outcome);
    reader.deadline = request.getComponents().getScheduler().schedule(reader::expire, timeout);
    reader.run();
  }

  /** Reads what has arrived; called again by Jetty when more does. */
  @Override
  public void run() {
    while (!done.get()) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        if (finish()) {
          refuseUnreadable(chunk.getFailure());
        }
        return;
      }
      ByteBuffer buffer = chunk.getByteBuffer();
      boolean last = chunk.isLast();
      if (bytes.size() + (long) buffer.remaining() > max) {
        chunk.release();
        if (finish()) {
          outcome.refused(HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge(max));
        }
        return;
      }
      byte[] part = new byte[buffer.remaining()];
      buffer.get(part);
      bytes.write(part, 0, part.length);
      chunk.release();
      if (last) {
        if (finish()) {
          outcome.body(bytes.toString(StandardCharsets.UTF_8));
        }
        return;
      }
    }
  }

  private void expire() {
    if (done.compareAndSet(false, true)) {
      outcome.refused(
          HttpStatus.REQUEST_TIMEOUT_408, "the body was not all sent in time; send it at once");
    }
  }

  /** Whether this call decides the outcome (the deadline did not, nor an earlier read). */
  private boolean finish() {
    if (!done.compareAndSet(false, true)) {
      return false;
    }
    deadline.cancel();
    return true;
  }

  private void refuseUnreadable(Throwable failure) {
    if (failure instanceof TimeoutException) {
      outcome.refused(
          HttpStatus.REQUEST_TIMEOUT_408, "the body was not all sent in time; send it at once");
    } else if (failure instanceof HttpException
        && ((HttpException) failure).getCode() == HttpStatus.PAYLOAD_TOO_LARGE_413) {
      outcome.refused(HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge(max));
    } else {
      outcome.refused(HttpStatus.BAD_REQUEST_400, unreadable(failure));
    }
  }

  /** A malformed body, with Jetty's reason when it has one (its own fixed words, "early EOF"). */
  private static String unreadable(Throwable failure) {
    String reason = failure instanceof HttpException ? ((HttpException) failure).getReason() : null;
    boolean usable =
        reason != null
            && !reason.isBlank()
            && reason.length() <= 100
            && reason.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    return "the body could not be read"
        + (usable ? " (" + reason.toLowerCase(Locale.ROOT) + ")" : "")
        + ": send it whole, with a correct Content-Length or chunked encoding";
  }

  static String tooLarge(int max) {
    return "the body is over " + max + " bytes";
  }
}
