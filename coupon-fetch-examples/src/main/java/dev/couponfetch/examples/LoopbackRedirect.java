package dev.couponfetch.examples;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A loopback redirect URI that {@code oauth authorize} can listen on (RFC 8252 section 7.3): {@code
 * http}, host {@code 127.0.0.1}, {@code [::1]} or {@code localhost}, a port, a path.
 *
 * <p>Without a port (or with port 0) the command picks a free one: RFC 8252 asks authorization
 * servers to accept any port for loopback redirect URIs, and servers that do not need a fixed port
 * registered and written in the config. Immutable.
 *
 * @param uri the redirect URI as configured, or {@code null} when the config has none
 * @param bindAddress the address to listen on
 * @param port the port to listen on, 0 for any free port
 */
record LoopbackRedirect(URI uri, InetAddress bindAddress, int port) {
  /** The redirect URI used when the config has none; the port is picked when listening. */
  static final String DEFAULT = "http://127.0.0.1/callback";

  /**
   * Checks {@code redirectUri} (null for the default).
   *
   * @throws IllegalArgumentException saying what is wrong and what would do
   */
  static LoopbackRedirect parse(String redirectUri) {
    URI uri;
    try {
      uri = new URI(redirectUri == null ? DEFAULT : redirectUri);
    } catch (URISyntaxException e) {
      throw invalid(redirectUri, "it is not a URI (" + e.getReason() + ")");
    }
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw invalid(redirectUri, "it may carry neither user info nor a #fragment");
    }
    String host = uri.getHost();
    if (host == null) {
      throw invalid(redirectUri, "it has no host");
    }
    InetAddress bind = loopbackAddress(host);
    if (bind == null) {
      throw invalid(redirectUri, "'" + host + "' is not a loopback address this command can use");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw invalid(
          redirectUri, "this command listens with plain http on loopback, so the scheme is http");
    }
    int port = uri.getPort();
    return new LoopbackRedirect(redirectUri == null ? null : uri, bind, Math.max(port, 0));
  }

  private static InetAddress loopbackAddress(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      // RFC 8252 prefers the IP literal; for "localhost" browsers try 127.0.0.1 too.
      return InetAddress.getLoopbackAddress();
    }
    if (!h.matches("[0-9.]+|\\[[0-9a-f:.]+\\]")) {
      return null; // a name: resolving it could lead anywhere
    }
    try {
      InetAddress a = InetAddress.getByName(h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
      return a.isLoopbackAddress() ? a : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static IllegalArgumentException invalid(String redirectUri, String why) {
    return new IllegalArgumentException(
        "auth.redirectUri '"
            + redirectUri
            + "' cannot be received here: "
            + why
            + "; use a loopback URI such as http://127.0.0.1:8765/callback (RFC 8252)");
  }

  /**
   * The host names, lower case and without a port, that a browser following this redirect puts in
   * its {@code Host} header: the host as written and, for an IP literal, its canonical spelling
   * (browsers rewrite {@code 127.1} as {@code 127.0.0.1}; both name one address, which no DNS
   * answer can change). A name ({@code localhost}) is never equated with an address, nor an address
   * with it: the authorization server sends the browser to the URI exactly as registered.
   */
  Set<String> hostSpellings() {
    String host = source().getHost().toLowerCase(Locale.ROOT);
    Set<String> spellings = new LinkedHashSet<>();
    spellings.add(host);
    if (!host.equals("localhost")) {
      spellings.add(bindAddress instanceof Inet6Address ? "[::1]" : bindAddress.getHostAddress());
    }
    return Collections.unmodifiableSet(spellings);
  }

  /** Whether the config had no redirect URI, so the default one is used. */
  boolean isDefault() {
    return uri == null;
  }

  /** The path to answer on; {@code /} for an empty one. */
  String path() {
    String path = source().getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  /**
   * The redirect URI to send, with the port that was bound: the configured URI exactly as written
   * when it names a port (servers compare it character by character), else with {@code port}.
   */
  URI resolve(int boundPort) {
    URI u = source();
    if (u.getPort() > 0) {
      return u;
    }
    String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
    return URI.create(
        u.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + u.getHost()
            + ":"
            + boundPort
            + path()
            + query);
  }

  private URI source() {
    return uri != null ? uri : URI.create(DEFAULT);
  }
}
