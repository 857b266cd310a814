package dev.couponfetch.examples.bench.noisy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The origins of the noisy-neighbours benchmark: one small NIO server listening on {@code
 * 127.0.0.1} on many ports at once (one origin per port), on a few selector threads that accept,
 * read and answer every connection themselves.
 *
 * <p>Each port answers {@code GET} (any path) as its {@link Mode} says: {@link Mode#OK} with
 * {@value #BODY}, {@link Mode#UNAVAILABLE} with 503, {@link Mode#RATE_LIMITED} with 429 and {@code
 * Retry-After: 2}, and {@link Mode#HANG} reads the request and never answers, keeping the socket
 * open until the client closes it. Connections are kept alive (HTTP/1.1). A port's mode can change
 * at any time; it applies to the requests read after.
 *
 * <p>Why not Jetty: one Jetty {@code ServerConnector} per port brings at least one selector thread
 * per port (1,000 threads for 1,000 origins) and would crowd the very thread counts the benchmark
 * reports; this server listens on 1,000 ports with {@code loops} threads. It counts the connections
 * it accepted and closed, and the most open at once. Thread-safe.
 */
final class NoisyServer implements AutoCloseable {
  static final String BODY = "{\"data\":{\"coupon\":\"C-123\"}}";
  static final String CODE = "C-123";
  static final int RETRY_AFTER_SECONDS = 2;

  /** How a port answers. */
  enum Mode {
    OK,
    HANG,
    UNAVAILABLE,
    RATE_LIMITED
  }

  private static final byte[] OK_RESPONSE =
      response("200 OK", "Content-Type: application/json\r\n", BODY);
  private static final byte[] UNAVAILABLE_RESPONSE =
      response("503 Service Unavailable", "Content-Type: text/plain\r\n", "down");
  private static final byte[] RATE_LIMITED_RESPONSE =
      response(
          "429 Too Many Requests",
          "Content-Type: text/plain\r\nRetry-After: " + RETRY_AFTER_SECONDS + "\r\n",
          "slow down");

  private final List<ServerSocketChannel> listeners = new ArrayList<>();
  private final int[] ports;
  private final AtomicReferenceArray<Mode> modes;
  private final AtomicLongArray requests = new AtomicLongArray(Mode.values().length);
  private final List<Loop> loops = new ArrayList<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong closed = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  private NoisyServer(int origins) {
    ports = new int[origins];
    modes = new AtomicReferenceArray<>(origins);
    for (int i = 0; i < origins; i++) {
      modes.set(i, Mode.OK);
    }
  }

  /**
   * Listens on {@code origins} free ports of {@code 127.0.0.1}, every one answering {@link
   * Mode#OK}, served by {@code loops} threads.
   */
  static NoisyServer start(int origins, int loops) {
    NoisyServer s = new NoisyServer(origins);
    try {
      for (int i = 0; i < loops; i++) {
        s.loops.add(new Loop(s, Selector.open(), i));
      }
      for (int i = 0; i < origins; i++) {
        ServerSocketChannel ch = ServerSocketChannel.open();
        s.listeners.add(ch);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        ch.configureBlocking(false);
        s.ports[i] = ((InetSocketAddress) ch.getLocalAddress()).getPort();
        ch.register(s.loops.get(i % loops).selector, SelectionKey.OP_ACCEPT, i);
      }
    } catch (IOException e) {
      s.close();
      throw new UncheckedIOException("cannot start the noisy server: " + e.getMessage(), e);
    }
    s.loops.forEach(l -> l.thread.start());
    return s;
  }

  int origins() {
    return ports.length;
  }

  /** The URL of origin {@code i}'s coupon endpoint. */
  String url(int i) {
    return "http://127.0.0.1:" + ports[i] + "/coupon";
  }

  /** Origin {@code i}'s port. */
  int port(int i) {
    return ports[i];
  }

  void mode(int origin, Mode mode) {
    modes.set(origin, mode);
  }

  /** Connections open now. */
  int open() {
    return open.get();
  }

  /** The most connections open at once since the last {@link #resetPeak()}. */
  int peak() {
    return peak.get();
  }

  /** Starts counting the peak again from the connections open now. */
  void resetPeak() {
    peak.set(open.get());
  }

  long accepted() {
    return accepted.get();
  }

  long closed() {
    return closed.get();
  }

  /** Requests read so far that were answered (or held) in {@code mode}. */
  long requests(Mode mode) {
    return requests.get(mode.ordinal());
  }

  /** The server's own threads. */
  int threads() {
    return loops.size();
  }

  @Override
  public void close() {
    for (Loop l : loops) {
      l.running = false;
      l.selector.wakeup();
    }
    for (Loop l : loops) {
      try {
        l.thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (ServerSocketChannel ch : listeners) {
      try {
        ch.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private static byte[] response(String status, String headers, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return ("HTTP/1.1 "
            + status
            + "\r\n"
            + headers
            + "Content-Length: "
            + b.length
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** One accepted connection: its origin, the request bytes read so far, what is left to write. */
  private static final class Conn {
    final int origin;
    final ByteBuffer in = ByteBuffer.allocate(8192);
    ByteBuffer out;
    boolean hung;
    boolean closed;

    Conn(int origin) {
      this.origin = origin;
    }
  }

  /** A selector thread: accepts on its listeners and serves the connections it accepted. */
  private static final class Loop implements Runnable {
    final NoisyServer server;
    final Selector selector;
    final Thread thread;
    volatile boolean running = true;

    Loop(NoisyServer server, Selector selector, int n) {
      this.server = server;
      this.selector = selector;
      this.thread = new Thread(this, "noisy-server-" + n);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      try {
        while (running) {
          selector.select();
          // Ends before starts: a client that closes one connection and opens another is never
          // counted with both open because the new one was accepted first in a batch.
          for (SelectionKey key : selector.selectedKeys()) {
            if (key.attachment() instanceof Conn) {
              serve(key);
            }
          }
          for (SelectionKey key : selector.selectedKeys()) {
            if (!(key.attachment() instanceof Conn) && key.isValid()) {
              try {
                accept(key);
              } catch (IOException e) {
                // a failed accept (too many open files) leaves the port listening
              }
            }
          }
          selector.selectedKeys().clear();
        }
      } catch (IOException | ClosedSelectorException e) {
        // ends the loop
      } finally {
        for (SelectionKey key : selector.keys()) {
          if (key.attachment() instanceof Conn) {
            close(key);
          }
        }
        try {
          selector.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }

    private void serve(SelectionKey key) {
      try {
        if (key.isValid() && key.isWritable()) {
          write(key);
        }
        if (key.isValid() && key.isReadable()) {
          read(key);
        }
      } catch (IOException e) {
        close(key);
      }
    }

    /** Accepts one connection per event: those that came after this batch wait for the next. */
    private void accept(SelectionKey key) throws IOException {
      ServerSocketChannel listener = (ServerSocketChannel) key.channel();
      SocketChannel ch = listener.accept();
      if (ch != null) {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        server.accepted.incrementAndGet();
        int now = server.open.incrementAndGet();
        server.peak.accumulateAndGet(now, Math::max);
        ch.register(selector, SelectionKey.OP_READ, new Conn((Integer) key.attachment()));
      }
    }

    private void read(SelectionKey key) throws IOException {
      Conn c = (Conn) key.attachment();
      SocketChannel ch = (SocketChannel) key.channel();
      if (!c.in.hasRemaining()) {
        c.in.clear(); // a request head longer than the buffer: never sent by the bench
      }
      int n = ch.read(c.in);
      if (n < 0) {
        close(key);
        return;
      }
      if (c.hung) {
        c.in.clear(); // whatever else comes is never answered
        return;
      }
      // Every complete request head (GET: no body) is answered in order.
      int end;
      while ((end = headEnd(c.in)) >= 0) {
        Mode mode = server.modes.get(c.origin);
        server.requests.incrementAndGet(mode.ordinal());
        c.in.flip();
        c.in.position(end);
        c.in.compact();
        if (mode == Mode.HANG) {
          c.hung = true;
          c.in.clear();
          return;
        }
        answer(key, ch, c, mode);
      }
    }

    private static int headEnd(ByteBuffer in) {
      int limit = in.position();
      for (int i = 3; i < limit; i++) {
        if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n') {
          return i + 1;
        }
      }
      return -1;
    }

    private void answer(SelectionKey key, SocketChannel ch, Conn c, Mode mode) throws IOException {
      byte[] bytes =
          mode == Mode.OK
              ? OK_RESPONSE
              : mode == Mode.UNAVAILABLE ? UNAVAILABLE_RESPONSE : RATE_LIMITED_RESPONSE;
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (c.out != null) {
        ByteBuffer both = ByteBuffer.allocate(c.out.remaining() + b.remaining());
        both.put(c.out).put(b).flip();
        b = both;
      }
      ch.write(b);
      if (b.hasRemaining()) {
        c.out = b;
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      } else {
        c.out = null;
      }
    }

    private void write(SelectionKey key) throws IOException {
      Conn c = (Conn) key.attachment();
      if (c.out != null) {
        ((SocketChannel) key.channel()).write(c.out);
        if (c.out.hasRemaining()) {
          return;
        }
        c.out = null;
      }
      key.interestOps(SelectionKey.OP_READ);
    }

    private void close(SelectionKey key) {
      Conn c = (Conn) key.attachment();
      if (c.closed) {
        return;
      }
      c.closed = true;
      key.cancel();
      try {
        key.channel().close();
      } catch (IOException e) {
        // closed anyway
      }
      server.closed.incrementAndGet();
      server.open.decrementAndGet();
    }
  }
}
