package dev.couponfetch.httpclient;

import dev.couponfetch.AuthType;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.httpclient.oauth.TokenManager;
import java.time.Duration;

/**
 * What the last response of a fetch (not a redirect that is followed) comes to: the coupons, or the
 * failure its status, body or mapping says. Shared by the blocking and the async fetch, so that
 * both answer alike. Stateless.
 */
final class Answers {
  private Answers() {}

  /**
   * @param first the fetch's first request (its masked URL names it in messages)
   * @param refusal why a redirect was not followed, or null
   * @param startNanos when the fetch's first request started ({@link System#nanoTime()})
   */
  static CouponBatch of(
      CouponSourceConfig config,
      TokenManager tokens,
      PreparedRequest first,
      String refusal,
      ResponseReader.Body body,
      Exchange.SentRequest sent,
      Redactor redactor,
      long startNanos) {
    int status = body.status();
    Exchange exchange = new Exchange(sent, body.received());
    if (refusal != null) {
      throw Failures.redirectRefused(first.displayUri(), refusal, status, exchange);
    }
    if (status < 200 || status >= 300) {
      throw Failures.forStatus(status, sent.uri(), body, exchange, redactor);
    }
    if (config.auth().type() == AuthType.OAUTH2
        && tokens.bodySaysExpired(config, body.bytes(), body.charset())) {
      throw Failures.tokenExpiredInBody(config, status, sent.uri(), exchange);
    }
    MappedResponse mapped = map(config, body, status, exchange, redactor);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    return new CouponBatch(mapped.coupons(), status, elapsed, mapped.warnings(), exchange);
  }

  private static MappedResponse map(
      CouponSourceConfig config,
      ResponseReader.Body body,
      int status,
      Exchange exchange,
      Redactor redactor) {
    try {
      return config.mapper().map(body.bytes(), body.charset());
    } catch (CouponFetchException e) {
      // The mapper quotes the body, which may echo what was sent; it cannot know the secrets.
      CouponFetchException.Builder b =
          CouponFetchException.builder(e.reason(), redactor.redact(e.getMessage()))
              .status(status)
              .retryable(e.retryable())
              .explanation(e.explanation())
              .hint(e.hint())
              .problems(e.problems().stream().map(redactor::redact).toList())
              .exchange(exchange);
      if (e.getCause() != null && !redactor.reveals(e.getCause())) {
        b.cause(e.getCause());
      }
      throw b.build();
    }
  }
}
