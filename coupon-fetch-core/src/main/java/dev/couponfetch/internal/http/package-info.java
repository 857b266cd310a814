/**
 * What HTTP statuses mean for a fetch, for the transport and for re-mapping a stored response
 * ({@code ConfigurationTester.remap}) alike: one place, so that both give the same failure.
 */
package dev.couponfetch.internal.http;
