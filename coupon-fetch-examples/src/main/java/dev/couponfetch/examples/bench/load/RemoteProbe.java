package dev.couponfetch.examples.bench.load;

import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.examples.bench.load.ClosedLoop.Sample;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Digest against Basic where the endpoint, not the CPU, sets the pace: both answer {@value
 * BenchServer#REMOTE_MILLIS} ms after the request, as an endpoint across a network does.
 *
 * <p>On loopback with the server in the same JVM, a Digest exchange costs the two cores about twice
 * a Basic one (the scheme's hashing and random cnonce on the client, Jetty's check on the server),
 * whatever the client: the main table's Digest/Basic ratio is the same for the hand-written
 * baseline. What the Digest target is about is the round trip: a client that keeps the challenge
 * sends one request per coupon, one that does not sends two (401, then 200). Here that is what
 * shows. The reference side is the hand-written client with a new context per call, challenged
 * every time.
 */
final class RemoteProbe {
  static final int THREADS = 8;

  private RemoteProbe() {}

  /** Runs the probe, prints its table, and returns its verdict line. */
  static String run(
      PrintStream out,
      BenchServer server,
      RawClient raw,
      HttpClientCouponFetcher fetcher,
      LoadBench.Settings s)
      throws InterruptedException {
    CouponSourceConfig basic = AuthCase.config(server.url("/basic/remote"), AuthCase.BASIC.auth());
    CouponSourceConfig digest =
        AuthCase.config(server.url("/digest/remote"), AuthCase.DIGEST.auth());
    List<Supplier<Caller>> sides =
        List.of(
            () -> () -> fetcher.fetch(basic, Map.of()).first(),
            () -> () -> fetcher.fetch(digest, Map.of()).first(),
            () -> raw.digestWithoutCache(server.url("/digest/remote")));
    List<List<Sample>> samples = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (Supplier<Caller> side : sides) {
      ClosedLoop.run(THREADS, s.cellWarmupNanos, 1, side);
    }
    long requests = 0;
    long answered = 0;
    int rounds = Math.max(3, s.rounds / 2);
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < sides.size(); i++) {
        int side = (round + i) % sides.size(); // each side leads in turn
        long r0 = server.digestRequests();
        long a0 = server.digestAnswered();
        samples
            .get(side)
            .add(ClosedLoop.run(THREADS, s.warmupNanos, s.measureNanos, sides.get(side)));
        if (side == 1) {
          requests += server.digestRequests() - r0;
          answered += server.digestAnswered() - a0;
        }
      }
    }
    double basicCps = Report.median(samples.get(0), Sample::callsPerSecond);
    double digestCps = Report.median(samples.get(1), Sample::callsPerSecond);
    double uncachedCps = Report.median(samples.get(2), Sample::callsPerSecond);
    double ratio = digestCps / basicCps;
    double uncached = uncachedCps / basicCps;
    out.println();
    out.printf(
        Locale.ROOT,
        "-- Digest / Basic where the endpoint sets the pace (it answers after %d ms; c=%d;"
            + " median of %d rounds) --%n",
        BenchServer.REMOTE_MILLIS,
        THREADS,
        rounds);
    out.printf(
        Locale.ROOT,
        "coupon-fetch Basic %.0f calls/s, Digest %.0f calls/s: ratio %.2f; Digest requests per"
            + " coupon %.4f%n",
        basicCps,
        digestCps,
        ratio,
        answered == 0 ? Double.NaN : (double) requests / answered);
    out.printf(
        Locale.ROOT,
        "reference, a challenge on every call (hand-written client, new context per call): %.0f"
            + " calls/s, ratio %.2f%n",
        uncachedCps,
        uncached);
    out.flush();
    return String.format(
        Locale.ROOT,
        "%s DIGEST/BASIC at %d ms endpoint latency, c=%d: coupon-fetch %.2fx (>= %.2f; a"
            + " challenge every call: %.2fx)",
        ratio >= LoadBench.DIGEST_TARGET ? "PASS" : "MISS",
        BenchServer.REMOTE_MILLIS,
        THREADS,
        ratio,
        LoadBench.DIGEST_TARGET,
        uncached);
  }
}
