package dev.couponfetch;

import dev.couponfetch.internal.http.HttpStatusFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * Maps a response already received (a previous Test Configuration's) with a config's mapping, as a
 * fetch would have mapped it, without calling the endpoint: the batch or the failure that {@link
 * ConfigurationTester} then reports. Stateless.
 */
final class StoredResponses {
  static final String TRUNCATED_EXPLANATION =
      "The response kept from the last test is only its first "
          + Exchange.BODY_LIMIT / 1024
          + " KiB, so the mapping cannot be applied to it again.";
  static final String TRUNCATED_HINT =
      "Run a live test to map the whole response (that calls the endpoint again).";

  private StoredResponses() {}

  /**
   * The batch {@code config}'s mapping gives for {@code response}.
   *
   * @param exchange the request and response to show, or null when only the response is known
   * @param credentials the config's credential values, masked wherever a failure quotes them
   * @throws CouponFetchException the failure a fetch of that response would have given: its status
   *     (not 2xx), or the mapping's; {@code RESPONSE_TOO_LARGE} for a body that was cut
   */
  static CouponBatch map(
      CouponSourceConfig config,
      Exchange exchange,
      Exchange.ReceivedResponse response,
      Set<String> credentials) {
    int status = response.status();
    if (status < 200 || status >= 300) {
      String uri = exchange != null ? exchange.request().uri() : config.endpoint();
      throw HttpStatusFailure.of(status, uri, masked(response.body(), credentials), exchange, null);
    }
    if (response.truncated()) {
      throw CouponFetchException.builder(
              Reason.RESPONSE_TOO_LARGE,
              "cannot re-map a response whose body was cut at "
                  + Exchange.BODY_LIMIT
                  + " characters")
          .status(status)
          .retryable(false)
          .explanation(TRUNCATED_EXPLANATION)
          .hint(TRUNCATED_HINT)
          .exchange(exchange)
          .build();
    }
    String mapper = config.mapping().mapper();
    if (!mapper.equals(MappingConfig.STANDARD_MAPPER)) {
      throw CouponFetchException.builder(
              Reason.INVALID_CONFIG,
              "mapping.mapper '"
                  + mapper
                  + "' is registered on a fetcher: only the built-in mapping can re-map a stored"
                  + " response")
          .status(status)
          .hint("Run a live test to map the response with a registered mapper.")
          .exchange(exchange)
          .build();
    }
    long start = System.nanoTime();
    MappedResponse mapped;
    try {
      mapped =
          config
              .mapper()
              .map(response.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    } catch (CouponFetchException e) {
      throw masked(e, status, exchange, credentials);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new CouponBatch(mapped.coupons(), status, elapsed, mapped.warnings(), exchange);
  }

  /** The mapper's failure with the credentials masked and the exchange attached, as a fetch's. */
  private static CouponFetchException masked(
      CouponFetchException e, int status, Exchange exchange, Set<String> credentials) {
    return CouponFetchException.builder(e.reason(), masked(e.getMessage(), credentials))
        .status(status)
        .retryable(e.retryable())
        .explanation(e.explanation())
        .hint(e.hint())
        .problems(e.problems().stream().map(p -> masked(p, credentials)).toList())
        .exchange(exchange)
        .build();
  }

  private static String masked(String text, Set<String> credentials) {
    String out = text;
    for (String c : credentials) {
      out = out.replace(c, Secret.MASK);
    }
    return out;
  }
}
