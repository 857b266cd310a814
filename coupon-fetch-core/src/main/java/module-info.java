/**
 * coupon-fetch core: the configuration model and its JSON form, response mapping, the coupon pool,
 * Test Configuration and the SPIs ({@link dev.couponfetch.CouponFetcher}, {@link
 * dev.couponfetch.Authenticator}, {@link dev.couponfetch.ResponseMapper}, {@link
 * dev.couponfetch.TokenStore}, {@link dev.couponfetch.CouponStore}). The API is the one package
 * {@code dev.couponfetch}; the {@code internal} packages are not API, and those a transport needs
 * are exported to the HttpClient transport only.
 */
// "module": the transport is not on core's module path when core is compiled; "requires-automatic":
// json-path is an automatic module (Automatic-Module-Name json.path).
@SuppressWarnings({"module", "requires-automatic"})
module dev.couponfetch {
  // In the API: CouponSourceConfig.payload() is a JsonNode, the JDBC stores take a DataSource.
  requires transitive com.fasterxml.jackson.databind;
  requires transitive java.sql;
  requires json.path;
  requires org.slf4j;

  exports dev.couponfetch;
  exports dev.couponfetch.internal.config to
      dev.couponfetch.httpclient;
  exports dev.couponfetch.internal.http to
      dev.couponfetch.httpclient;
  exports dev.couponfetch.internal.mapping to
      dev.couponfetch.httpclient;
  exports dev.couponfetch.internal.request to
      dev.couponfetch.httpclient;
  exports dev.couponfetch.internal.signing to
      dev.couponfetch.httpclient;
  exports dev.couponfetch.internal.text to
      dev.couponfetch.httpclient;
}
