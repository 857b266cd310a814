package dev.couponfetch.examples;

import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Exchange;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the library showed during a test, by channel ("report text", "log", "cli", ...), and
 * the secrets that must not be in any of it. Not thread-safe: one test thread records.
 */
final class ChannelRecorder {
  private final Map<String, List<String>> byChannel = new LinkedHashMap<>();
  private final Set<String> secrets = new LinkedHashSet<>();
  private String run = "";

  /** Names the run that the next records come from, for the failure message. */
  void run(String name) {
    this.run = name;
  }

  /** A value that must never be shown; blank values are ignored. */
  void secret(String value) {
    if (value != null && !value.isBlank()) {
      secrets.add(value);
    }
  }

  void record(String channel, Object shown) {
    byChannel
        .computeIfAbsent(channel, k -> new ArrayList<>())
        .add("[" + run + "] " + String.valueOf(shown));
  }

  /** A batch: its toString, its exchanges and its token note. */
  void batch(CouponBatch batch) {
    record("toString: CouponBatch", batch);
    record("toString: Exchange", batch.exchange());
    record("toString: token Exchange", batch.tokenExchange());
    record("token note", batch.tokenNote());
  }

  /** A failure: message, toString, the whole stack trace with causes, exchanges, problems. */
  void failure(Throwable t) {
    record("exception message", t.getMessage());
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
      record("cause message", c.getMessage());
    }
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    record("stack trace", trace);
    if (t instanceof CouponFetchException) {
      CouponFetchException e = (CouponFetchException) t;
      record("exception problems", e.problems());
      record("toString: Exchange", e.exchange().map(Exchange::toString).orElse(""));
      record("toString: token Exchange", e.tokenExchange().map(Exchange::toString).orElse(""));
      record("token note", e.tokenNote().orElse(""));
    }
  }

  /** The channels recorded so far. */
  Set<String> channels() {
    return byChannel.keySet();
  }

  /** Every recorded text of {@code channel}, joined. */
  String all(String channel) {
    return String.join("\n", byChannel.getOrDefault(channel, List.of()));
  }

  /** Each place a secret was shown: channel, run and the line around it. */
  List<String> leaks() {
    List<String> leaks = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : byChannel.entrySet()) {
      for (String text : e.getValue()) {
        for (String secret : secrets) {
          int at = text.indexOf(secret);
          if (at >= 0) {
            int from = Math.max(0, text.lastIndexOf('\n', at) + 1);
            int to = text.indexOf('\n', at);
            String runName = text.substring(0, text.indexOf(']') + 1);
            leaks.add(
                e.getKey()
                    + " "
                    + runName
                    + " shows '"
                    + secret
                    + "': "
                    + text.substring(from, to < 0 ? text.length() : to).strip());
          }
        }
      }
    }
    return leaks;
  }

  Set<String> secrets() {
    return secrets;
  }
}
