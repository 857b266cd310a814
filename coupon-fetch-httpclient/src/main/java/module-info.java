/**
 * The coupon-fetch transport on Apache HttpClient 5: {@link
 * dev.couponfetch.httpclient.HttpClientCouponFetcher}, the network guard it connects through
 * ({@link dev.couponfetch.httpclient.guard.NetworkGuard}, usable on its own) and optional
 * Micrometer metrics ({@code dev.couponfetch.httpclient.micrometer}, which needs {@code
 * micrometer-core} on the module path; nothing else does). The OAuth2 token manager and the TLS
 * clients are not API.
 */
// HttpClient 5, Nimbus, Resilience4j and Micrometer are automatic modules.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.couponfetch.httpclient {
  requires transitive dev.couponfetch;
  // In the API: NetworkGuard.resolver takes and returns HttpClient's DnsResolver.
  requires transitive org.apache.httpcomponents.client5.httpclient5;
  requires org.apache.httpcomponents.core5.httpcore5;
  requires org.apache.httpcomponents.core5.httpcore5.h2;
  // No module name of its own: this is the name Java derives from the jar's file name.
  requires oauth2.oidc.sdk;
  // Not used here, but needed at run time by the automatic modules above, which cannot say so:
  // without them a modular application fails with NoClassDefFoundError (jdk.net.Sockets in
  // HttpClient's connection operator, com.nimbusds.jose.util.Base64 in the token request).
  requires jdk.net;
  requires com.nimbusds.jose.jwt;
  requires org.slf4j;
  // Per-origin circuit breakers, bulkheads and rate limiters (Resilience4j's automatic modules).
  requires io.github.resilience4j.circuitbreaker;
  requires io.github.resilience4j.bulkhead;
  requires io.github.resilience4j.ratelimiter;
  requires io.github.resilience4j.core;
  // Optional: only dev.couponfetch.httpclient.micrometer uses it. Not transitive, although that
  // package's API takes its types: javac would then demand micrometer.core on the module path of
  // every application compiled against this module ("module not found: micrometer.core"), while
  // those that use the metrics require it themselves anyway (they make the MeterRegistry).
  requires static micrometer.core;

  exports dev.couponfetch.httpclient;
  exports dev.couponfetch.httpclient.guard;
  exports dev.couponfetch.httpclient.micrometer;
}
