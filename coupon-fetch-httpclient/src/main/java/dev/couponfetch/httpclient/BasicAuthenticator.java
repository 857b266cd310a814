package dev.couponfetch.httpclient;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.PreparedRequest;
import java.net.URI;
import java.util.Map;
import org.apache.hc.client5.http.auth.AuthenticationException;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.core5.http.HttpHost;

/**
 * {@code BASIC}: HttpClient's {@link BasicScheme}, preemptive (servers that answer 401 without a
 * challenge work too) and UTF-8 (RFC 7617). The header is sensitive, so it never follows a redirect
 * to another origin; for a config without {@code {{variables}}} it is made once.
 */
final class BasicAuthenticator {
  /** The authenticator; stateless. */
  static final Authenticator.Plain INSTANCE =
      Authenticator.Plain.reusable(BasicAuthenticator::authenticate);

  private BasicAuthenticator() {}

  private static PreparedRequest authenticate(
      PreparedRequest request, CouponSourceConfig config, Map<String, String> variables) {
    AuthConfig auth = config.auth();
    if (auth.username() == null || auth.password() == null) {
      return request;
    }
    BasicScheme scheme = new BasicScheme();
    scheme.initPreemptive(
        new UsernamePasswordCredentials(auth.username(), auth.password().reveal().toCharArray()));
    URI uri = request.endpoint();
    try {
      String value =
          scheme.generateAuthResponse(
              new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort()), null, null);
      return request.withHeader("Authorization", value, true);
    } catch (AuthenticationException e) {
      // Only without credentials, which were given above.
      throw new IllegalStateException("BasicScheme refused its preemptive credentials", e);
    }
  }
}
