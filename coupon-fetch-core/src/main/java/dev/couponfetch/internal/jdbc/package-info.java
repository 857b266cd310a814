/**
 * The JDBC coupon and token stores, for PostgreSQL (clusters) and H2 (one node, on disk).
 *
 * <p>Design notes:
 *
 * <ul>
 *   <li><b>One schema script per database</b>, shipped in the jar under {@code
 *       dev/couponfetch/sql/<database>/V<n>__coupon_fetch.sql} (Flyway's naming), run by the stores
 *       when {@code coupon_fetch_schema} is missing (PostgreSQL: under an advisory lock, in one
 *       transaction) and re-runnable. A database holding a newer version is refused.
 *   <li><b>Exactly once.</b> A coupon row is inserted before it can be claimed; a claim turns the
 *       oldest available row to claimed in the statement or transaction that locks it, and skips
 *       rows other claims hold. Rows are kept after the claim, so the unique key on (pool, code)
 *       stops a code fetched again from coming back.
 *   <li><b>Time.</b> Expiries are {@code TIMESTAMP WITH TIME ZONE} (microseconds); the token
 *       renewal lease uses the nodes' clocks in epoch milliseconds, so it assumes they agree to
 *       well within the lease time (seconds), as NTP gives.
 *   <li><b>Failures</b> are {@link java.lang.IllegalStateException}s naming the store, the
 *       operation and the SQLState; no SQL value in them is a secret (tokens are never bound into a
 *       message).
 * </ul>
 */
package dev.couponfetch.internal.jdbc;
