package dev.couponfetch.examples;

import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.DigestAuthenticator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.security.Password;

/**
 * Jetty's own Digest authentication (SHA-256, qop=auth) in front of a server's endpoints, as the
 * demo server and the load benchmark's server use it. Not API: the examples' shared Jetty set-up.
 */
public final class DigestGuard {
  private DigestGuard() {}

  /**
   * {@code endpoints} behind Jetty's Digest authenticator for {@code /digest/*}, one user in one
   * realm; every other path is open.
   */
  public static Handler forDigestPaths(
      String realm, String user, String password, Handler endpoints) {
    UserStore users = new UserStore();
    users.addUser(user, new Password(password), new String[] {"user"});
    HashLoginService login = new HashLoginService(realm);
    login.setUserStore(users);
    DigestAuthenticator digest = new DigestAuthenticator();
    digest.setAlgorithm("SHA-256");

    SecurityHandler.PathMapped security = new SecurityHandler.PathMapped();
    security.setLoginService(login);
    security.setAuthenticator(digest);
    security.put("/*", Constraint.ALLOWED);
    security.put("/digest/*", Constraint.ANY_USER);
    security.setHandler(endpoints);
    return security;
  }
}
