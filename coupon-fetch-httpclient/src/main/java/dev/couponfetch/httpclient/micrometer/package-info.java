/**
 * Fetch metrics for Micrometer: {@link
 * dev.couponfetch.httpclient.micrometer.MicrometerFetchListener}. Micrometer is an optional
 * dependency; only this package needs it.
 */
package dev.couponfetch.httpclient.micrometer;
