package dev.couponfetch.examples.bench.noisy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Reason;
import dev.couponfetch.examples.bench.noisy.NoisyServer.Mode;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The noisy-neighbours benchmark runs and produces numbers (not a timing test: its targets are not
 * checked), and its server misbehaves as it says.
 */
class NoisyBenchSmokeTest {

  @Test
  void run_briefly_printsEveryRunsNumbersAndVerdicts() {
    Properties saved = (Properties) System.getProperties().clone();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NoisyBench.Result result;
    try {
      System.setProperty("cf.bench.noisy.fork", "false");
      System.setProperty("cf.bench.noisy.origins", "50");
      System.setProperty("cf.bench.noisy.threads", "4");
      System.setProperty("cf.bench.noisy.inFlight", "8");
      System.setProperty("cf.bench.noisy.rate", "100");
      System.setProperty("cf.bench.noisy.jitWarmupMs", "200");
      System.setProperty("cf.bench.noisy.warmupMs", "300");
      System.setProperty("cf.bench.noisy.measureMs", "300");
      System.setProperty("cf.bench.noisy.rounds", "1");
      result = NoisyBench.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
    } finally {
      System.setProperties(saved);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(result.failure()).as(out).isNull();
    assertThat(out)
        .contains("server: 50 ports listening on 1 thread(s)")
        .contains("A all healthy")
        .contains("B noisy, default policies")
        .contains("C noisy, policies off")
        .contains("fetch, 4 threads")
        .contains("fetchAsync, 8 in flight")
        .doesNotContain("healthy errors");
    // Every run measured healthy calls, and the noisy stream reached the 503 origin.
    assertThat(out).containsPattern("A all healthy +\\| +[1-9]\\d* \\| 1.00 \\|");
    assertThat(out).containsPattern("B started [1-9]\\d*, ended [1-9]\\d*");
    assertThat(out).contains("503={SERVER_ERROR=");
    assertThat(result.verdicts())
        .hasSize(2)
        .allSatisfy(v -> assertThat(v).matches("(PASS|MISS) NOISY .*B/A throughput \\d.*"));
  }

  @Test
  void server_eachModeAnswersAsItSays() throws Exception {
    try (NoisyServer server = NoisyServer.start(4, 1);
        HttpClientCouponFetcher fetcher =
            HttpClientCouponFetcher.builder().allowPrivateNetworks(true).maxRetries(0).build()) {
      server.mode(1, Mode.UNAVAILABLE);
      server.mode(2, Mode.RATE_LIMITED);
      server.mode(3, Mode.HANG);

      assertThat(
              fetcher.fetch(NoisyBench.Origins.config(0, server.url(0)), Map.of()).first().code())
          .isEqualTo(NoisyServer.CODE);
      assertThat(reason(fetcher, server, 1)).isEqualTo(Reason.SERVER_ERROR);
      assertThat(reason(fetcher, server, 2)).isEqualTo(Reason.RATE_LIMITED);
      // The hanging origin reads the request and keeps the connection open without a byte.
      try (Socket s = new Socket("127.0.0.1", server.port(3))) {
        s.getOutputStream()
            .write("GET /coupon HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(300);
        InputStream in = s.getInputStream();
        assertThat(readOrTimeout(in)).isEqualTo("timed out");
      }
      assertThat(server.requests(Mode.HANG)).isEqualTo(1);
      assertThat(server.accepted()).isGreaterThanOrEqualTo(4);
    }
  }

  private static Reason reason(HttpClientCouponFetcher fetcher, NoisyServer server, int i) {
    try {
      fetcher.fetch(NoisyBench.Origins.config(i, server.url(i)), Map.of());
      return null;
    } catch (CouponFetchException e) {
      return e.reason();
    }
  }

  private static String readOrTimeout(InputStream in) throws Exception {
    try {
      return "read " + in.read();
    } catch (java.net.SocketTimeoutException e) {
      return "timed out";
    }
  }
}
