package dev.couponfetch.httpclient.guard;

import dev.couponfetch.httpclient.internal.RequestClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves through a delegate and lets only allowed addresses out. HttpClient connects to exactly
 * the addresses returned here, so checking them here also pins them: a DNS answer that changes
 * between the check and the connect (DNS rebinding) cannot slip through. Thread-safe when the
 * delegate is.
 */
final class GuardedDnsResolver implements DnsResolver {
  private final NetworkGuard guard;
  private final DnsResolver delegate;

  GuardedDnsResolver(NetworkGuard guard, DnsResolver delegate) {
    this.guard = guard;
    this.delegate = delegate;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    RequestClock clock = RequestClock.current();
    if (clock == null) {
      return checked(host);
    }
    long start = System.nanoTime();
    try {
      return checked(host);
    } finally {
      clock.dns(System.nanoTime() - start);
    }
  }

  private InetAddress[] checked(String host) throws UnknownHostException {
    if (guard.allowsAll()) {
      return delegate.resolve(host);
    }
    String bare = NetworkGuard.bare(host);
    InetAddress[] addresses;
    if (host.startsWith("[")) {
      // An IPv6 literal: in brackets, the JDK parses it or fails, and never asks DNS.
      addresses = new InetAddress[] {InetAddress.getByName(host)};
    } else if (Ipv4Spelling.endsInNumber(bare)) {
      // Never handed to the JDK, which would read some spellings differently or ask DNS; an
      // ambiguous spelling is refused even in allowHosts, since what it means is unclear.
      addresses = new InetAddress[] {guard.numeric(bare)};
    } else {
      InetAddress[] resolved = delegate.resolve(host);
      if (resolved == null || resolved.length == 0) {
        throw new UnknownHostException(bare);
      }
      addresses = resolved.clone();
    }
    // check() lets allowed hosts through whatever their addresses.
    guard.check(bare, addresses);
    return addresses;
  }

  @Override
  public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    // Overridden so that an unresolved address (the default's answer to null) can never come back.
    List<InetSocketAddress> out = new ArrayList<>();
    for (InetAddress a : resolve(host)) {
      out.add(new InetSocketAddress(a, port));
    }
    return out;
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return delegate.resolveCanonicalHostname(host);
  }
}
