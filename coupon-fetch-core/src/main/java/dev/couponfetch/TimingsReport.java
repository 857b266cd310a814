package dev.couponfetch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.internal.text.Printable;
import java.time.Duration;

/** The {@link Timings} block of a {@link TestReport}, as text and as JSON. */
final class TimingsReport {
  private TimingsReport() {}

  /**
   * {@code Timings:}, a line per request ({@code request GET https://…: DNS 1.2 ms, …}) and the
   * mapping; nothing when nothing was measured.
   */
  static void appendText(StringBuilder s, Timings t) {
    if (t.requests().isEmpty() && t.mapping() == null) {
      return;
    }
    s.append("\nTimings:\n");
    for (Timings.Request r : t.requests()) {
      s.append("  ").append(r.step().label()).append(' ').append(Printable.line(r.method()));
      if (r.uri() != null) {
        s.append(' ').append(Printable.line(r.uri()));
      }
      String phases = r.phasesText();
      s.append(phases.isEmpty() ? "" : ": " + phases).append('\n');
    }
    if (t.mapping() != null) {
      s.append("  mapping ").append(Timings.ms(t.mapping())).append(" ms\n");
    }
  }

  /**
   * {@code "timings": {"requests": [{"step", "method", "uri", "reused", "dnsMs", "connectMs",
   * "tlsMs", "firstByteMs", "bodyMs"}], "mappingMs"}}, phases not measured left out.
   */
  static void putJson(ObjectNode root, Timings t) {
    if (t.requests().isEmpty() && t.mapping() == null) {
      return;
    }
    ObjectNode o = root.putObject("timings");
    ArrayNode rs = o.putArray("requests");
    for (Timings.Request r : t.requests()) {
      ObjectNode n = rs.addObject().put("step", r.step().label()).put("method", r.method());
      if (r.uri() != null) {
        n.put("uri", r.uri());
      }
      if (r.reused() != null) {
        n.put("reused", r.reused().booleanValue());
      }
      put(n, "dnsMs", r.dns());
      put(n, "connectMs", r.connect());
      put(n, "tlsMs", r.tls());
      put(n, "firstByteMs", r.firstByte());
      put(n, "bodyMs", r.body());
    }
    put(o, "mappingMs", t.mapping());
  }

  private static void put(ObjectNode o, String name, Duration d) {
    if (d != null) {
      o.put(name, Timings.millis(d));
    }
  }
}
