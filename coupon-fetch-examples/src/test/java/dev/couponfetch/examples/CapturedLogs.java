package dev.couponfetch.examples;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding of this module's tests (chosen by the {@code slf4j.provider} system property in
 * the pom, ahead of the slf4j-nop the command line ships with): it keeps every log line, with its
 * throwable's stack trace, while a capture runs, and drops them otherwise, as nop would.
 * coupon-fetch's own loggers are captured at every level, others from INFO, as a production
 * configuration would have them. Thread-safe.
 */
public final class CapturedLogs implements SLF4JServiceProvider {
  private static final List<String> LINES = new ArrayList<>();
  private static boolean capturing;

  private final ILoggerFactory loggers = CapturingLogger::new;
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();

  /** Starts keeping log lines, forgetting earlier ones. */
  static synchronized void start() {
    LINES.clear();
    capturing = true;
  }

  /** Returns the lines kept since {@link #start()} or the last drain, and forgets them. */
  static synchronized List<String> drain() {
    List<String> lines = List.copyOf(LINES);
    LINES.clear();
    return lines;
  }

  /** Stops keeping log lines and returns those not drained yet. */
  static synchronized List<String> stop() {
    capturing = false;
    return drain();
  }

  /** Whether this binding is the one SLF4J uses (else nothing would be captured). */
  static boolean active() {
    return LoggerFactory.getLogger(CapturedLogs.class) instanceof CapturingLogger;
  }

  private static synchronized void keep(String line) {
    if (capturing) {
      LINES.add(line);
    }
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  private static final class CapturingLogger extends AbstractLogger {
    private static final long serialVersionUID = 1L;
    private final boolean ours;

    CapturingLogger(String name) {
      this.name = name;
      this.ours = name.startsWith("dev.couponfetch");
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable t) {
      StringBuilder line = new StringBuilder();
      line.append(level).append(' ').append(name).append(" - ");
      line.append(MessageFormatter.basicArrayFormat(pattern, args));
      if (t != null) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        line.append('\n').append(trace);
      }
      keep(line.toString());
    }

    @Override
    public boolean isTraceEnabled() {
      return ours;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
      return ours;
    }

    @Override
    public boolean isDebugEnabled() {
      return ours;
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
      return ours;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
      return true;
    }
  }
}
