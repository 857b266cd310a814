package dev.couponfetch.httpclient;

import dev.couponfetch.Authenticator;
import dev.couponfetch.PreparedRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.hc.client5.http.protocol.HttpClientContext;

/**
 * {@code DIGEST}: answered by HttpClient's own {@code DigestScheme} (RFC 7616) in the context the
 * requests run in. The server's challenge is kept between fetches of the same origin and user
 * ({@link DigestContexts}), so that N fetches cost N + 1 requests. Thread-safe.
 */
final class DigestAuthenticator implements Authenticator {
  private final DigestContexts contexts;

  DigestAuthenticator(DigestContexts contexts) {
    this.contexts = contexts;
  }

  @Override
  public Session begin(Call call) {
    return new DigestSession(call);
  }

  /** How many contexts were created, for tests of the challenge reuse. */
  long created() {
    return contexts.created();
  }

  private final class DigestSession implements ChallengeSession {
    private final Call call;
    private DigestContexts.Key key;

    DigestSession(Call call) {
      this.call = call;
    }

    @Override
    public CompletionStage<PreparedRequest> authenticate(PreparedRequest request) {
      // Nothing to add before the challenge; the credentials are scoped to the request's origin.
      key = DigestContexts.Key.of(request.uri(), call.config().auth());
      return CompletableFuture.completedFuture(request);
    }

    @Override
    public HttpClientContext context() {
      // One borrowed context for every hop of an attempt: all are on the challenge's origin.
      return contexts.borrow(key);
    }

    @Override
    public void attemptEnded(HttpClientContext context, int lastStatus) {
      // A context whose challenge failed may hold a FAILURE auth state that would keep later
      // fetches from authenticating: only keep contexts that got past authentication.
      contexts.giveBack(key, context, lastStatus != 0 && lastStatus != 401);
    }
  }
}
