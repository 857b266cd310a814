package dev.couponfetch.httpclient;

import dev.couponfetch.testing.Polling;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that reads each request and holds it: a hanging endpoint until {@link
 * #release()}, which answers every held and later request {@code 200 {"code":"OK-n"}}. Counts the
 * requests it received and lets a test wait for a number of them.
 */
final class HoldingServer implements AutoCloseable {
  private final ServerSocket socket;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger received = new AtomicInteger();
  private final CountDownLatch released = new CountDownLatch(1);
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  HoldingServer() throws IOException {
    socket = new ServerSocket(0, 200, InetAddress.getByName("127.0.0.1"));
    executor.execute(this::accept);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        open.add(s);
        executor.execute(() -> serve(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (readHead(in)) {
        int n = received.incrementAndGet();
        released.await();
        byte[] body = ("{\"code\":\"OK-" + n + "\"}").getBytes(StandardCharsets.UTF_8);
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the client went away, or the server closed
    }
  }

  /** {@code http://127.0.0.1:port}. */
  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** Requests received so far. */
  int received() {
    return received.get();
  }

  /** Waits until at least {@code n} requests were received (at most 10 s). */
  void awaitReceived(int n) {
    Polling.await(() -> received.get() >= n, Duration.ofSeconds(10));
  }

  /** Answers every held request, and every later one at once. */
  void release() {
    released.countDown();
  }

  /** Reads one request head (GET requests only: no body); false when the client went away. */
  private static boolean readHead(InputStream in) throws IOException {
    byte[] head = RawHttpServer.readHead(in);
    int n = head.length;
    return n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r';
  }

  @Override
  public void close() throws IOException {
    released.countDown();
    socket.close();
    for (Socket s : open) {
      s.close();
    }
    executor.shutdownNow();
  }
}
