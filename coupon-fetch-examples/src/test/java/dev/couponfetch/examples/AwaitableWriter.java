package dev.couponfetch.examples;

import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A writer one thread prints to while another waits for a line. Thread-safe. */
final class AwaitableWriter extends Writer {
  private final StringBuilder text = new StringBuilder();

  @Override
  public synchronized void write(char[] buf, int off, int len) {
    text.append(buf, off, len);
    notifyAll();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /**
   * Waits for a whole line matching {@code pattern} and returns the match.
   *
   * @throws TimeoutException when none was printed within {@code timeout}
   */
  synchronized Matcher awaitLine(Pattern pattern, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String[] lines = text.toString().split("\n", -1);
      // Not the last piece: the printing thread may be half way through that line.
      for (int i = 0; i < lines.length - 1; i++) {
        Matcher m = pattern.matcher(lines[i].strip());
        if (m.matches()) {
          return m;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("no line matching " + pattern + " in:\n" + text);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  @Override
  public synchronized String toString() {
    return text.toString();
  }
}
