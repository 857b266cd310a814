package dev.couponfetch.httpclient.tls;

import dev.couponfetch.AuthType;
import dev.couponfetch.ClientAuthMethod;
import dev.couponfetch.ClientCertificate;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.internal.config.ClientCertificates;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.io.CloseMode;

/**
 * The pooled clients of one fetcher: a shared one trusting the JDK's CAs, and one per distinct pair
 * of {@code tls.trustedCertificates} and client certificate (a connection pool holds one TLS
 * strategy: a connection trusted through one merchant's CA, or authenticated with one merchant's
 * client certificate, must never be lent to another config). Thread-safe.
 *
 * <p>The clients are cached by the SHA-256 of the CAs' PEM and of the client certificate's
 * configured values ({@link ClientCertificates#identity}), at most {@code max} of them; the least
 * recently used beyond that is closed once no fetch is using it. Every client is built by the same
 * factory, so they share the network guard, timeouts and pool settings.
 *
 * <p>The coupon endpoint is always called with the config's client certificate ({@link #lease});
 * the token endpoint only when {@code auth.clientAuth} is {@code TLS_CLIENT_AUTH} ({@link
 * #leaseForToken}).
 */
public final class TlsClients implements Closeable {
  /** How many sets of extra trusted CAs keep a client (and its connection pool) by default. */
  public static final int DEFAULT_MAX = 100;

  private final CloseableHttpClient standard;
  private final Function<TlsSocketStrategy, CloseableHttpClient> factory;
  private final int max;
  private final LinkedHashMap<String, Entry> byPem = new LinkedHashMap<>(16, 0.75f, true);
  private boolean closed;

  private TlsClients(
      Function<TlsSocketStrategy, CloseableHttpClient> factory,
      CloseableHttpClient standard,
      int max) {
    this.factory = factory;
    this.standard = standard;
    this.max = max;
  }

  /**
   * Clients built by {@code factory}: one now, trusting the JDK's CAs, and one per set of extra CAs
   * when a config first needs it.
   */
  public static TlsClients create(
      Function<TlsSocketStrategy, CloseableHttpClient> factory, int max) {
    Objects.requireNonNull(factory, "factory == null");
    if (max < 1) {
      throw new IllegalArgumentException("max < 1: " + max);
    }
    return new TlsClients(factory, factory.apply(TrustedCertificates.standard()), max);
  }

  /**
   * Every config uses {@code client}, its {@code tls} settings ignored; for tests of code that
   * needs a {@code TlsClients}. Closing it closes {@code client}.
   */
  public static TlsClients fixed(CloseableHttpClient client) {
    Objects.requireNonNull(client, "client == null");
    return new TlsClients(null, client, 1);
  }

  /**
   * The TLS strategy of the async client: the JDK's CAs, host names verified as for the blocking
   * clients. Configs with extra trusted CAs are not fetched on it.
   */
  public static TlsStrategy standardAsync() {
    return TrustedCertificates.standardStrategy();
  }

  /** The client trusting only the JDK's CAs. */
  CloseableHttpClient standard() {
    return standard;
  }

  /**
   * The client for {@code config}, kept open until the lease is closed.
   *
   * @throws CouponFetchException INVALID_CONFIG when the config's certificates cannot be used
   * @throws IllegalStateException when closed
   */
  public Lease lease(CouponSourceConfig config) {
    return lease(config, config.clientCertificate());
  }

  /**
   * The client for {@code config}'s token requests: with its client certificate only when {@code
   * auth.clientAuth} is {@code TLS_CLIENT_AUTH} (RFC 8705), else as {@link #lease} without it.
   *
   * @throws CouponFetchException INVALID_CONFIG when the config's certificates cannot be used
   * @throws IllegalStateException when closed
   */
  public Lease leaseForToken(CouponSourceConfig config) {
    boolean tlsClientAuth =
        config.auth().type() == AuthType.OAUTH2
            && config.auth().clientAuthOrNull() == ClientAuthMethod.TLS_CLIENT_AUTH;
    return lease(config, tlsClientAuth ? config.clientCertificate() : null);
  }

  private Lease lease(CouponSourceConfig config, ClientCertificate certificate) {
    String given = config.trustedCertificatesPem();
    String pem = given == null || given.isBlank() ? null : given;
    if ((pem == null && certificate == null) || factory == null) {
      return new Lease(this, standard, null);
    }
    String key =
        (pem == null ? "-" : sha256(pem.strip()))
            + "/"
            + (certificate == null ? "-" : ClientCertificates.identity(certificate));
    synchronized (this) {
      Entry e = live(key);
      if (e != null) {
        e.users++;
        return new Lease(this, e.client, e);
      }
    }
    // Built outside the lock: reading the JDK's CAs and the PEM takes a few milliseconds.
    ClientCertificates.Loaded client;
    try {
      client = certificate == null ? null : ClientCertificates.load(certificate);
    } catch (IllegalArgumentException e) {
      throw CouponFetchException.invalidConfig(List.of(e.getMessage())); // names its field
    }
    CloseableHttpClient built;
    try {
      built = factory.apply(TrustedCertificates.create(pem, client));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw CouponFetchException.invalidConfig(
          List.of("tls.trustedCertificates: " + e.getMessage()));
    }
    List<CloseableHttpClient> toClose = new ArrayList<>();
    Lease lease;
    synchronized (this) {
      Entry e = live(key);
      if (e != null) {
        toClose.add(built); // another thread built it first
      } else {
        e = new Entry(built);
        byPem.put(key, e);
        evictBeyondMax(toClose);
      }
      e.users++;
      lease = new Lease(this, e.client, e);
    }
    toClose.forEach(c -> c.close(CloseMode.GRACEFUL));
    return lease;
  }

  private Entry live(String key) {
    if (closed) {
      throw new IllegalStateException("fetcher is closed");
    }
    return byPem.get(key);
  }

  private void evictBeyondMax(List<CloseableHttpClient> toClose) {
    Iterator<Map.Entry<String, Entry>> it = byPem.entrySet().iterator();
    while (byPem.size() > max && it.hasNext()) {
      Entry eldest = it.next().getValue();
      it.remove();
      eldest.retired = true;
      if (eldest.users == 0) {
        toClose.add(eldest.client);
      }
    }
  }

  private void release(Entry e) {
    boolean close;
    synchronized (this) {
      e.users--;
      close = e.retired && e.users == 0;
    }
    if (close) {
      e.client.close(CloseMode.GRACEFUL);
    }
  }

  /** How many clients for extra CAs or client certificates are cached. */
  public synchronized int cached() {
    return byPem.size();
  }

  /** Closes every client; fetches still running on them fail. Idempotent. */
  @Override
  public void close() {
    List<CloseableHttpClient> all = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      byPem.values().forEach(e -> all.add(e.client));
      byPem.clear();
    }
    all.add(standard);
    all.forEach(c -> c.close(CloseMode.GRACEFUL));
  }

  private static String sha256(String pem) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(pem.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }

  private static final class Entry {
    final CloseableHttpClient client;
    int users;
    boolean retired;

    Entry(CloseableHttpClient client) {
      this.client = client;
    }
  }

  /**
   * A client lent for one fetch or token request. Close it when done; closing twice is harmless.
   */
  public static final class Lease implements AutoCloseable {
    private final TlsClients owner;
    private final CloseableHttpClient client;
    private final Entry entry;
    private boolean released;

    private Lease(TlsClients owner, CloseableHttpClient client, Entry entry) {
      this.owner = owner;
      this.client = client;
      this.entry = entry;
    }

    public CloseableHttpClient client() {
      return client;
    }

    @Override
    public void close() {
      if (entry != null && !released) {
        released = true;
        owner.release(entry);
      }
    }
  }
}
