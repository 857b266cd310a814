package dev.couponfetch.httpclient;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket listening on a loopback address that must see no connection: a refused fetch costs no
 * connection attempt. A connection, had one been made, completes before the fetch returns and waits
 * in the accept queue, so a short accept timeout after the fetch sees it without sleeping.
 */
final class LoopbackTrap implements AutoCloseable {
  private final ServerSocket socket;

  private LoopbackTrap(ServerSocket socket) {
    this.socket = socket;
  }

  /** A trap on 127.0.0.1. */
  static LoopbackTrap ipv4() throws IOException {
    return new LoopbackTrap(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
  }

  /** A trap on ::1, or null where this machine has no IPv6 loopback. */
  static LoopbackTrap ipv6OrNull() {
    try {
      return new LoopbackTrap(new ServerSocket(0, 50, InetAddress.getByName("::1")));
    } catch (IOException e) {
      return null;
    }
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Whether a connection arrived (and takes it off the queue). */
  boolean sawConnection() throws IOException {
    socket.setSoTimeout(100);
    try {
      Socket s = socket.accept();
      s.close();
      return true;
    } catch (SocketTimeoutException expected) {
      return false;
    }
  }

  void assertNoConnection() throws IOException {
    if (sawConnection()) {
      fail("a connection reached the trap on port " + port());
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
