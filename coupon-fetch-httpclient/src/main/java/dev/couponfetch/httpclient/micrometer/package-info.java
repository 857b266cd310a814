/**
 * Metrics for Micrometer: fetches ({@link
 * dev.couponfetch.httpclient.micrometer.MicrometerFetchListener}) and coupon pools ({@link
 * dev.couponfetch.httpclient.micrometer.MicrometerPoolMetrics}). Micrometer is an optional
 * dependency; only this package needs it.
 */
package dev.couponfetch.httpclient.micrometer;
