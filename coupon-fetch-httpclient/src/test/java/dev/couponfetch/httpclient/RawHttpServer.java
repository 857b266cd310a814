package dev.couponfetch.httpclient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server for one request whose exact bytes matter: it captures the request head (up to
 * the blank line), answers with canned bytes and closes the connection.
 */
final class RawHttpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final Future<byte[]> head;

  RawHttpServer(byte[] response) throws IOException {
    socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    socket.setSoTimeout(10_000);
    head =
        executor.submit(
            () -> {
              try (Socket s = socket.accept()) {
                byte[] h = readHead(s.getInputStream());
                s.getOutputStream().write(response);
                s.getOutputStream().flush();
                return h;
              }
            });
  }

  /** {@code http://127.0.0.1:port}. */
  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** The request head as received, waiting for it if need be. */
  byte[] head() throws Exception {
    return head.get(10, TimeUnit.SECONDS);
  }

  /** The request head up to and with the blank line, or what came before the stream ended. */
  static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int c = in.read();
      if (c == -1) {
        break;
      }
      out.write(c);
      matched = c == end[matched] ? matched + 1 : c == '\r' ? 1 : 0;
    }
    return out.toByteArray();
  }

  @Override
  public void close() throws IOException {
    executor.shutdownNow();
    socket.close();
  }
}
