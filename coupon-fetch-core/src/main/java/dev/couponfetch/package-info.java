/**
 * The coupon-fetch API: everything an application calls or implements to fetch coupon codes from a
 * merchant's own HTTP endpoint.
 *
 * <ul>
 *   <li><b>The configuration</b> the merchant's settings screen edits: {@link
 *       dev.couponfetch.CouponSourceConfig} (immutable, built or read from JSON, validated when
 *       built) with its parts ({@link dev.couponfetch.AuthConfig}, {@link
 *       dev.couponfetch.MappingConfig}, {@link dev.couponfetch.Timeouts}, {@link
 *       dev.couponfetch.Limits}).
 *   <li><b>Fetching</b>: {@link dev.couponfetch.CouponFetcher}, implemented by a transport (the
 *       {@code coupon-fetch-httpclient} module), returns a {@link dev.couponfetch.CouponBatch} of
 *       {@link dev.couponfetch.Coupon}s or fails with one exception, {@link
 *       dev.couponfetch.CouponFetchException}, whose {@link dev.couponfetch.Reason} says what went
 *       wrong and whether trying again may help.
 *   <li><b>Test Configuration</b>: {@link dev.couponfetch.ConfigurationTester} answers {@code
 *       Configuration Works!} or says what is wrong, as a {@link dev.couponfetch.TestReport}.
 *   <li><b>Handing out coupons</b>: {@link dev.couponfetch.CouponPool} serves each coupon once from
 *       a {@link dev.couponfetch.CouponStore} ({@link dev.couponfetch.CouponStores}: in memory, or
 *       JDBC for several nodes).
 *   <li><b>Extension points</b> (single-method where they can be, thread-safety stated on each):
 *       {@link dev.couponfetch.Authenticator}, {@link dev.couponfetch.ResponseMapper}, {@link
 *       dev.couponfetch.TokenStore}, {@link dev.couponfetch.RateBudgetStore}, {@link
 *       dev.couponfetch.FetchListener}.
 * </ul>
 *
 * <p>This package is the whole API of {@code coupon-fetch-core}: the {@code
 * dev.couponfetch.internal} packages are not API and may change in any release (see the README's
 * "Versioning").
 */
package dev.couponfetch;
