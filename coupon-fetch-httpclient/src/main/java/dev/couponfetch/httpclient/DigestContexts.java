package dev.couponfetch.httpclient;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.Secret;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;

/**
 * Keeps HttpClient contexts of Digest configs between fetches.
 *
 * <p>HttpClient's DigestScheme keeps the server's challenge (nonce, realm, nonce count) in the
 * context's auth exchange, not in an auth cache: a fresh context per request costs a 401 round trip
 * every time, a reused one answers the known challenge at once. A context is mutable, so each is
 * lent to one fetch at a time; concurrent fetches of one key get contexts of their own. Keys
 * (origin, user, password) are kept in LRU order and bounded, and so are the idle contexts per key,
 * so memory stays bounded however many merchants there are. Thread-safe.
 */
final class DigestContexts {
  /** Distinct origin/user/password keys kept; the least recently used beyond this are dropped. */
  static final int MAX_KEYS = 1_000;

  private final int maxIdlePerKey;
  private final Map<Key, Deque<HttpClientContext>> idle;
  private final AtomicLong created = new AtomicLong();

  DigestContexts(int maxKeys, int maxIdlePerKey) {
    this.maxIdlePerKey = maxIdlePerKey;
    this.idle =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Deque<HttpClientContext>> eldest) {
            return size() > maxKeys;
          }
        };
  }

  /**
   * Who a context authenticates as, and where: credentials are scoped to exactly this origin, so a
   * redirect to another host never gets them. {@code toString()} masks the password.
   */
  record Key(String scheme, String host, int port, String username, Secret password) {
    static Key of(URI uri, AuthConfig auth) {
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      HttpHost host = HttpHost.create(uri);
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
      return new Key(scheme, host.getHostName(), port, auth.username(), auth.password());
    }
  }

  /**
   * A context for one fetch of {@code key}: an idle one holding the last challenge, or a new one.
   */
  HttpClientContext borrow(Key key) {
    synchronized (idle) {
      Deque<HttpClientContext> contexts = idle.get(key);
      HttpClientContext context = contexts == null ? null : contexts.pollFirst();
      if (context != null) {
        return context;
      }
    }
    created.incrementAndGet();
    BasicCredentialsProvider credentials = new BasicCredentialsProvider();
    credentials.setCredentials(
        new AuthScope(
            new HttpHost(key.scheme(), key.host(), key.port()), null, StandardAuthScheme.DIGEST),
        new UsernamePasswordCredentials(key.username(), key.password().reveal().toCharArray()));
    HttpClientContext context = HttpClientContext.create();
    context.setCredentialsProvider(credentials);
    return context;
  }

  /** Returns a context after its fetch; {@code keep == false} drops it. */
  void giveBack(Key key, HttpClientContext context, boolean keep) {
    if (!keep) {
      return;
    }
    synchronized (idle) {
      Deque<HttpClientContext> contexts = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
      if (contexts.size() < maxIdlePerKey) {
        // Most recently used first: its nonce is the freshest.
        contexts.addFirst(context);
      }
    }
  }

  /** Contexts created so far. */
  long created() {
    return created.get();
  }
}
