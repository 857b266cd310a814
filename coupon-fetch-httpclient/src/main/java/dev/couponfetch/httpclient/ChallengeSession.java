package dev.couponfetch.httpclient;

import dev.couponfetch.Authenticator;
import org.apache.hc.client5.http.protocol.HttpClientContext;

/**
 * A session whose scheme HttpClient itself answers, challenge by challenge, in the context the
 * requests are executed in ({@code DIGEST}): the fetch engine sends each attempt in {@link
 * #context()}, turns HttpClient's authentication on, and never follows a redirect to another origin
 * (the context's credentials are scoped to the first one).
 */
interface ChallengeSession extends Authenticator.Session {
  /**
   * The context for one attempt (its requests and redirects); given back by {@link #attemptEnded}.
   */
  HttpClientContext context();

  /**
   * The attempt that used {@code context} ended; {@code lastStatus} is its last response's status
   * (0 when none came).
   */
  void attemptEnded(HttpClientContext context, int lastStatus);
}
