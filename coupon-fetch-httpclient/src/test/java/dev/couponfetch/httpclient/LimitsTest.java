package dev.couponfetch.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Huge responses are refused without being held: proven by what the fetching thread allocated
 * (HotSpot counts every byte a thread allocates, whatever the garbage collector does meanwhile) and
 * by how much of the body the server got to write before the connection was dropped.
 */
class LimitsTest {
  private static final int FIFTY_MIB = 50 * 1024 * 1024;

  /** The default cap is 1 MiB; reading it costs a few copies of it, never fifty. */
  private static final long MAX_ALLOCATED = 16L * 1024 * 1024;

  private static HttpClientCouponFetcher fetcher;
  private static com.sun.management.ThreadMXBean threads;

  @BeforeAll
  static void start() {
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();
    threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);
  }

  @AfterAll
  static void stop() {
    fetcher.close();
  }

  /** Fetches {@code url} expecting a failure, and how many bytes this thread allocated doing it. */
  private static Object[] failureAndAllocation(String url) {
    CouponSourceConfig config = CouponSourceConfig.builder(url).build();
    // The server's first answer is small: loading the classes of a fetch does not count.
    assertThat(fetcher.fetch(config, Map.of()).first().code()).isEqualTo("WARM");
    long before = threads.getCurrentThreadAllocatedBytes();
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> fetcher.fetch(config, Map.of()));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    return new Object[] {e, allocated};
  }

  @ParameterizedTest(name = "Content-Length sent: {0}")
  @ValueSource(booleans = {false, true})
  void fetch_fiftyMiBResponse_isTooLargeWithoutHoldingIt(boolean contentLength) throws Exception {
    try (Generator server = new Generator(contentLength)) {
      Object[] result = failureAndAllocation(server.url());

      CouponFetchException e = (CouponFetchException) result[0];
      assertThat(e).isNotNull();
      assertThat(e.reason()).isEqualTo(Reason.RESPONSE_TOO_LARGE);
      assertThat(e.getMessage()).contains("limit of 1048576 bytes");
      assertThat((long) result[1]).as("bytes allocated by the fetch").isLessThan(MAX_ALLOCATED);
      // The connection was dropped, not drained: the server's writes failed long before the end
      // (what it did write sits at most in the loopback socket buffers).
      assertThat(server.written()).isLessThan(FIFTY_MIB / 2);
    }
  }

  @Test
  void fetch_gzipBombInflatingToFiftyMiB_isTooLargeWithoutInflatingIt() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz, 64 * 1024)) {
      byte[] block = new byte[64 * 1024];
      Arrays.fill(block, (byte) 'A');
      for (int i = 0; i < FIFTY_MIB / block.length; i++) {
        out.write(block);
      }
    }
    assertThat(gz.size()).isLessThan(256 * 1024);
    byte[] head =
        ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n"
                + "Content-Length: "
                + gz.size()
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] response = Arrays.copyOf(head, head.length + gz.size());
    System.arraycopy(gz.toByteArray(), 0, response, head.length, gz.size());
    byte[] warmUp =
        "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nWARM".getBytes(StandardCharsets.US_ASCII);

    try (RawHttpServer warm = new RawHttpServer(warmUp);
        RawHttpServer bomb = new RawHttpServer(response)) {
      fetcher.fetch(CouponSourceConfig.builder(warm.baseUrl() + "/").build(), Map.of());
      long before = threads.getCurrentThreadAllocatedBytes();
      CouponFetchException e =
          catchThrowableOfType(
              CouponFetchException.class,
              () ->
                  fetcher.fetch(
                      CouponSourceConfig.builder(bomb.baseUrl() + "/").build(), Map.of()));
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;

      assertThat(e).isNotNull();
      assertThat(e.reason()).isEqualTo(Reason.RESPONSE_TOO_LARGE);
      assertThat(e.getMessage()).contains("limit of 1048576 bytes");
      assertThat(allocated).as("bytes allocated by the fetch").isLessThan(MAX_ALLOCATED);
    }
  }

  /**
   * A loopback server whose first connection gets a small good answer (the warm-up) and whose
   * second gets 50 MiB, generated as it is written, counting what it managed to write.
   */
  private static final class Generator implements AutoCloseable {
    private final ServerSocket socket;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Future<Long> written;

    Generator(boolean contentLength) throws IOException {
      socket = new ServerSocket(0, 2, InetAddress.getByName("127.0.0.1"));
      socket.setSoTimeout(10_000);
      written =
          executor.submit(
              () -> {
                try (Socket warm = socket.accept()) {
                  readHead(warm.getInputStream());
                  warm.getOutputStream()
                      .write(
                          "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nWARM"
                              .getBytes(StandardCharsets.US_ASCII));
                }
                try (Socket s = socket.accept()) {
                  readHead(s.getInputStream());
                  return writeHuge(s.getOutputStream(), contentLength);
                }
              });
    }

    private static long writeHuge(OutputStream out, boolean contentLength) {
      long total = 0;
      try {
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                    + (contentLength ? "Content-Length: " + FIFTY_MIB + "\r\n" : "")
                    + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'Z');
        while (total < FIFTY_MIB) {
          out.write(block);
          total += block.length;
        }
        out.flush();
      } catch (IOException closedByTheClient) {
        // expected: the client dropped the connection
      }
      return total;
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/codes";
    }

    long written() throws Exception {
      return written.get(10, TimeUnit.SECONDS);
    }

    private static void readHead(InputStream in) throws IOException {
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < 4) {
        int c = in.read();
        if (c == -1) {
          return;
        }
        matched = c == end[matched] ? matched + 1 : c == '\r' ? 1 : 0;
      }
    }

    @Override
    public void close() throws IOException {
      executor.shutdownNow();
      socket.close();
    }
  }
}
