package dev.couponfetch.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.TokenStores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that send their headers and then stall or dribble the body: they hold a connection each
 * until the body deadline, never a thread that the page needs.
 */
class SettingsServerSlowClientsTest {
  private static final int SLOW_CLIENTS = 200;

  /** Far beyond the deadlines under test, far below Jetty's 30 s idle timeout. */
  private static final Duration PROMPTLY = Duration.ofSeconds(10);

  private final List<Socket> sockets = new ArrayList<>();
  private SettingsServer server;

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void stalledBodies_pageStillAnswersAndEachGets408AndIsClosedAtTheDeadline() throws Exception {
    server = start(Duration.ofSeconds(2));
    long started = System.nanoTime();
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      Socket s = connect();
      write(s, head(1000) + "{\"config\":");
    }
    awaitOpenConnections(SLOW_CLIENTS);

    long asked = System.nanoTime();
    String page =
        new ServeHttp(server.baseUri())
            .raw("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + server.baseUri().getPort());

    assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(PROMPTLY);
    assertThat(page).startsWith("HTTP/1.1 200 ").containsIgnoringCase("<html");
    for (Socket s : sockets) {
      assertThat(readAll(s)).startsWith("HTTP/1.1 408 ").contains("Connection: close");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPTLY.multipliedBy(2));
    awaitOpenConnections(0);
  }

  @Test
  void dribbledBody_408AtTheDeadlineThoughNeverIdle() throws Exception {
    server = start(Duration.ofSeconds(1));
    Socket s = connect();
    write(s, head(1000) + "{\"config\":");
    ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
    long started = System.nanoTime();
    try {
      // A byte every 100 ms: the connection is never idle, the body never complete.
      dribbler.scheduleAtFixedRate(() -> write(s, " "), 100, 100, TimeUnit.MILLISECONDS);

      String answer = readAll(s);

      assertThat(answer).startsWith("HTTP/1.1 408 ").contains("\"error\":\"the body was not all");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPTLY);
    } finally {
      dribbler.shutdownNow();
    }
  }

  @Test
  void wholeBody_answeredAsUsualWithShortDeadlines() throws Exception {
    server = start(Duration.ofSeconds(1));
    String body = "{\"config\":{\"name\":\"x\"}}";
    Socket s = connect();
    write(s, head(body.length()).replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n") + body);

    assertThat(readAll(s)).startsWith("HTTP/1.1 400 ").contains("endpoint: is required");
  }

  private static SettingsServer start(Duration bodyTimeout) {
    return SettingsServer.start(
        0,
        false,
        Clock.systemUTC(),
        TokenStores.inMemory(),
        new SettingsServer.Timeouts(Duration.ofSeconds(30), bodyTimeout));
  }

  private String head(int contentLength) {
    return "POST /api/test HTTP/1.1\r\nHost: 127.0.0.1:"
        + server.baseUri().getPort()
        + "\r\nContent-Type: application/json\r\nContent-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getByName("127.0.0.1"), server.baseUri().getPort());
    sockets.add(s);
    s.setSoTimeout((int) PROMPTLY.multipliedBy(2).toMillis());
    return s;
  }

  private static void write(Socket s, String text) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException closed) {
      // The server ended the connection: what the test waits for.
    }
  }

  /** Everything the server sends until it closes the connection (or the socket times out). */
  private static String readAll(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    in.transferTo(answer);
    return answer.toString(StandardCharsets.UTF_8);
  }

  /** Polls the server's count of open connections until it is {@code expected} (or fails). */
  private void awaitOpenConnections(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + PROMPTLY.toNanos();
    while (server.openConnections() != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.openConnections()).isEqualTo(expected);
  }
}
