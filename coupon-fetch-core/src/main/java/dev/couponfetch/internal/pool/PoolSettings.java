package dev.couponfetch.internal.pool;

import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponPool;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The checked settings of a {@link CouponPool}; {@code fallbackCode}, {@code lowStockListener} and
 * {@code executor} may be null, {@code lowStockThreshold} is -1 without a listener.
 */
public record PoolSettings(
    CouponFetcher fetcher,
    CouponSourceConfig config,
    Map<String, String> variables,
    CouponStore store,
    String poolKey,
    int lowWatermark,
    int maxRefillsInFlight,
    int singleCallsPerRefill,
    Duration expiryMargin,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration takeTimeout,
    String fallbackCode,
    int lowStockThreshold,
    Consumer<CouponPool.Stats> lowStockListener,
    Executor executor,
    Clock clock) {}
