package dev.couponfetch;

/**
 * Why a fetch failed. Each reason says whether trying again later may help, explains itself in
 * plain language, and hints at the fix, for the Test Configuration report.
 */
public enum Reason {
  INVALID_CONFIG(false, "The configuration is not valid.", "Correct the fields listed above."),
  MISSING_VARIABLE(
      false,
      "The configuration uses a {{variable}} that this call did not supply.",
      "Pass a value for every {{variable}} the configuration uses (on the command line: --var name=value)."),
  BLOCKED_ADDRESS(
      false,
      "The endpoint's address is on a private, loopback or link-local network, which is refused by default.",
      "Use a public endpoint, or allow private networks for local development"
          + " (allowPrivateNetworks, allowHosts or allowCidrs on the fetcher; on the command line:"
          + " --allow-private-network)."),
  CONNECT_FAILED(
      true,
      "Could not connect to the endpoint.",
      "Check the host name and port in the endpoint URL, and that the server is up and reachable."),
  TIMEOUT(
      true,
      "The endpoint did not answer in time.",
      "Check that the endpoint is up, or raise timeouts.connectMs / timeouts.responseMs."),
  TLS_FAILED(
      false,
      "The secure (TLS) connection to the endpoint failed.",
      "Check the endpoint's certificate: it must be valid for the host name and issued by a trusted authority."),
  UNAUTHORIZED(
      false,
      "The endpoint refused the credentials (HTTP 401 or 403).",
      "Check the authentication type and the username, password, keys or headers."),
  RATE_LIMITED(
      true,
      "The endpoint is limiting requests (HTTP 429).",
      "Wait and try again, or ask the merchant to raise the rate limit."),
  HTTP_ERROR(
      false,
      "The endpoint rejected the request (HTTP 4xx).",
      "Check the endpoint URL, the request type and the payload against the endpoint's documentation."),
  SERVER_ERROR(
      true,
      "The endpoint failed with a server error (HTTP 5xx).",
      "Try again later; if it persists, the merchant must fix the endpoint."),
  OAUTH_NOT_AUTHORIZED(
      false,
      "There are no usable OAuth2 tokens for this configuration.",
      "Press \"fetch tokens\" (run the OAuth2 authorization) again."),
  OAUTH_TOKEN_FAILED(
      true,
      "The OAuth2 token endpoint did not give a token.",
      "Check the token URL, client id and client secret."),
  RESPONSE_TOO_LARGE(
      false,
      "The response is larger than the allowed size.",
      "Make the endpoint return fewer coupons per call."),
  NOT_JSON(
      false,
      "The response is not valid JSON, but the mapping expects JSON.",
      "Check that the endpoint returns JSON, or remove mapping.code to read the body as plain text."),
  ENDPOINT_ERROR(
      false,
      "The endpoint answered with an error message.",
      "Read the endpoint's message above; it usually names what to fix (campaign, account, stock)."),
  MAPPING_NOT_FOUND(
      false,
      "The mapping path does not match the response.",
      "Change mapping.code (or mapping.expiry) to a path that exists in the response shown above."),
  INVALID_CODE(
      false,
      "The value at the mapping path is not a usable coupon code.",
      "Point mapping.code at a text or number value (at most 256 characters)."),
  NO_COUPONS(
      true,
      "The response holds no coupons.",
      "Check that the campaign still has coupons, and that mapping.code points at them."),
  TOO_MANY_COUPONS(
      false,
      "The response holds more than one coupon, but the coupon type is SINGLE.",
      "Set couponType to BULK to take every coupon, or point mapping.code at one code."),
  EXPIRY_UNPARSEABLE(
      false,
      "The expiry date could not be read.",
      "Set mapping.expiryFormat to the date's pattern (for example MM/dd/yyyy) or to EPOCH_SECONDS / EPOCH_MILLIS."),
  /**
   * The endpoint failed again and again (could not connect, timed out, answered 5xx), so this
   * fetcher stopped calling it for a while (its circuit breaker is open): the fetch failed at once
   * without sending anything. {@link CouponFetchException#retryAt()} says when it is tried again.
   */
  ENDPOINT_UNAVAILABLE(
      true,
      "The endpoint failed repeatedly, so calls to it are paused for a while; nothing was sent.",
      "Wait until the time given, or fix the endpoint and run Test Configuration, which always"
          + " calls it (a success resumes calls at once)."),
  /**
   * As many fetches to this endpoint's origin as the fetcher allows are in flight, and as many as
   * it lets wait are waiting (its bulkhead is full): the fetch failed at once, nothing sent.
   */
  ENDPOINT_BUSY(
      true,
      "Too many calls to this endpoint are in flight or waiting; nothing was sent.",
      "Try again shortly; if this persists the endpoint is too slow for the traffic, or raise"
          + " limits.maxConcurrent / limits.maxQueued.");

  private final boolean retryable;
  private final String explanation;
  private final String hint;

  Reason(boolean retryable, String explanation, String hint) {
    this.retryable = retryable;
    this.explanation = explanation;
    this.hint = hint;
  }

  /** Whether the same call may succeed later without changing the configuration. */
  public boolean retryable() {
    return retryable;
  }

  /** A plain-language explanation of this reason. */
  public String explanation() {
    return explanation;
  }

  /** A hint at the fix. */
  public String hint() {
    return hint;
  }
}
