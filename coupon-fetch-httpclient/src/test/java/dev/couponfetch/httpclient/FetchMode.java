package dev.couponfetch.httpclient;

import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The two ways to fetch, so that one test class checks both with the same assertions
 * ({@code @ParameterizedClass @EnumSource(FetchMode.class)}): the async form must answer exactly as
 * the blocking one, failures included (the same exception, not wrapped).
 */
public enum FetchMode {
  BLOCKING {
    @Override
    public CouponBatch fetch(
        CouponFetcher fetcher, CouponSourceConfig config, Map<String, String> variables) {
      return fetcher.fetch(config, variables);
    }
  },
  ASYNC {
    @Override
    public CouponBatch fetch(
        CouponFetcher fetcher, CouponSourceConfig config, Map<String, String> variables) {
      try {
        return fetcher.fetchAsync(config, variables).get(2, TimeUnit.MINUTES);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException) {
          throw (RuntimeException) e.getCause();
        }
        if (e.getCause() instanceof Error) {
          throw (Error) e.getCause();
        }
        throw new AssertionError("fetchAsync failed with a checked exception", e.getCause());
      } catch (InterruptedException | TimeoutException e) {
        throw new AssertionError("fetchAsync did not complete", e);
      }
    }
  };

  /** Fetches through {@code fetcher} this way. */
  public abstract CouponBatch fetch(
      CouponFetcher fetcher, CouponSourceConfig config, Map<String, String> variables);

  /** {@link #fetch(CouponFetcher, CouponSourceConfig, Map)} without variables. */
  public CouponBatch fetch(CouponFetcher fetcher, CouponSourceConfig config) {
    return fetch(fetcher, config, Map.of());
  }
}
