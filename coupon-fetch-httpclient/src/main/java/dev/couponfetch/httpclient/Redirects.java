package dev.couponfetch.httpclient;

import dev.couponfetch.PreparedRequest;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.internal.request.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.client5.http.utils.URIUtils;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Decides, response by response, whether a fetch follows a redirect and what the next request is.
 * HttpClient's own redirect handling is off: its {@code RedirectExec} rebuilds a POST turned GET
 * without the original headers, so a same-origin 302 after a POST lost its credentials.
 *
 * <ul>
 *   <li>301, 302, 303 and 307, 308 with a {@code Location} are followed, at most {@value #MAX} in a
 *       row, never in a circle; a relative {@code Location} is resolved against the current URL.
 *   <li>301, 302 and 303 after a POST become a GET without body and {@code Content-Type}; 307 and
 *       308 keep method and body.
 *   <li>On the same origin (scheme, host, port) every header goes along, credentials included, and
 *       {@code QUERY_STRING} credentials are added again to the new URL.
 *   <li>To another origin: not followed while the request carries credentials (a sensitive or
 *       credential header, a sensitive query parameter, Digest), the 3xx is then the answer;
 *       otherwise followed with the non-sensitive headers only.
 *   <li>From https to http: refused.
 * </ul>
 *
 * <p>Every hop's target passes through {@link #hop}: that is the place for per-hop checks. Not
 * thread-safe: one instance per fetch.
 */
final class Redirects {
  /** Redirects followed per fetch; HttpClient's default of 50 is far more than an API needs. */
  static final int MAX = 5;

  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie");

  /**
   * What to do with a response.
   *
   * @param next the request to send next, or null
   * @param refusal why the redirect is an error (the fetch fails with it), or null
   */
  record Decision(PreparedRequest next, String refusal) {
    /** The response is the answer: not a redirect, or one that is not followed. */
    static final Decision FINAL = new Decision(null, null);
  }

  private final boolean digest;
  private final PreparedRequest first;
  private Set<URI> visited; // made at the first redirect: most fetches have none
  private int followed;

  /**
   * @param first the fetch's first request
   * @param digest whether HttpClient adds Digest credentials (for the first request's origin)
   */
  Redirects(PreparedRequest first, boolean digest) {
    this.digest = digest;
    this.first = first;
  }

  /** The decision for {@code response}, the answer to {@code current}. */
  Decision decide(PreparedRequest current, HttpResponse response) {
    int status = response.getCode();
    Header location = response.getFirstHeader("Location");
    if (!isFollowable(status) || location == null) {
      return Decision.FINAL;
    }
    if (followed >= MAX) {
      return new Decision(null, "more than " + MAX + " in a row");
    }
    URI target = resolve(current.uri(), location.getValue());
    if (target == null) {
      return new Decision(null, "the Location is not an http or https URL");
    }
    String authority = Urls.authorityProblem(target);
    if (authority != null) {
      // HttpClient would refuse it with an exception of its own; port 0 would never answer.
      return new Decision(null, "the Location's " + authority);
    }
    return hop(current, status, target);
  }

  /** Whether a response with this status and a Location is a redirect we may follow. */
  static boolean isFollowable(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * The one place where each redirect target is checked and its request built: per-hop checks (the
   * network guard's, for one) belong here, before anything is sent to {@code target}.
   */
  private Decision hop(PreparedRequest current, int status, URI target) {
    URI from = current.uri();
    if ("https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(target.getScheme())) {
      return new Decision(null, "refusing to follow a redirect from https to http");
    }
    boolean sameOrigin = sameOrigin(from, target);
    if (!sameOrigin && carriesCredentials(current)) {
      return Decision.FINAL;
    }
    boolean toGet = status != 307 && status != 308 && current.method() != RequestMethod.GET;
    List<PreparedRequest.Header> headers =
        current.headers().stream()
            .filter(h -> sameOrigin || !h.sensitive())
            .filter(h -> !toGet || !h.name().equalsIgnoreCase("Content-Type"))
            .toList();
    PreparedRequest next =
        toGet
            ? PreparedRequest.of(RequestMethod.GET, target, headers, null, null)
            : PreparedRequest.of(
                current.method(), target, headers, current.body(), current.contentType());
    if (sameOrigin) {
      // Replaces a parameter of the same name the Location may echo.
      for (PreparedRequest.QueryParam p : current.queryParams()) {
        next = next.withQueryParam(p.name(), p.value(), p.sensitive());
      }
    }
    if (visited == null) {
      visited = new HashSet<>();
      visited.add(first.uri());
    }
    if (!visited.add(next.uri())) {
      return new Decision(null, "they lead in a circle");
    }
    followed++;
    return new Decision(next, null);
  }

  private boolean carriesCredentials(PreparedRequest req) {
    return digest
        || req.queryParams().stream().anyMatch(PreparedRequest.QueryParam::sensitive)
        || req.headers().stream()
            .anyMatch(
                h ->
                    h.sensitive()
                        || CREDENTIAL_HEADERS.contains(h.name().toLowerCase(Locale.ROOT)));
  }

  /**
   * {@code location} resolved against {@code base} as RFC 3986 says ({@code //host/x} takes the
   * scheme of {@code base}, {@code ?q} its path), without userinfo (credentials in a Location are
   * never used, nor shown); null unless an http(s) URL with a host.
   */
  static URI resolve(URI base, String location) {
    URI resolved;
    try {
      // URIUtils follows RFC 3986 where java.net.URI does not ("?q" alone, an empty path);
      // toASCIIString percent-encodes what a server sent unencoded.
      resolved = URI.create(URIUtils.resolve(base, new URI(location.trim())).toASCIIString());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
    String scheme = resolved.getScheme();
    boolean web = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    if (!web || resolved.getHost() == null) {
      return null;
    }
    return resolved.getRawUserInfo() == null ? resolved : withoutUserInfo(resolved);
  }

  private static URI withoutUserInfo(URI uri) {
    String authority = uri.getRawAuthority();
    StringBuilder s = new StringBuilder(uri.getScheme()).append("://");
    s.append(authority, authority.lastIndexOf('@') + 1, authority.length());
    s.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      s.append('?').append(uri.getRawQuery());
    }
    if (uri.getRawFragment() != null) {
      s.append('#').append(uri.getRawFragment());
    }
    return URI.create(s.toString());
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
