package dev.couponfetch;

/**
 * Why a fetch failed. Each reason says whether trying again later may help, explains itself in
 * plain language, and hints at the fix, for the Test Configuration report.
 */
public enum Reason {
  /**
   * The configuration has problems ({@link CouponFetchException#problems()} lists each, naming its
   * JSON field); nothing was sent.
   */
  INVALID_CONFIG(false, "The configuration is not valid.", "Correct the fields listed above."),
  /**
   * The configuration uses a {@code {{variable}}} that the call did not supply; nothing was sent.
   */
  MISSING_VARIABLE(
      false,
      "The configuration uses a {{variable}} that this call did not supply.",
      "Pass a value for every {{variable}} the configuration uses (on the command line: --var name=value)."),
  /**
   * The network guard refused the endpoint's (or token URL's, or a redirect's) address: loopback,
   * private, link-local and the like; nothing was sent to it.
   */
  BLOCKED_ADDRESS(
      false,
      "The endpoint's address is on a private, loopback or link-local network, which is refused by default.",
      "Use a public endpoint, or allow private networks for local development"
          + " (allowPrivateNetworks, allowHosts or allowCidrs on the fetcher; on the command line:"
          + " --allow-private-network)."),
  /**
   * No connection to the endpoint (refused, reset, unknown host), or it closed the connection
   * before a whole answer.
   */
  CONNECT_FAILED(
      true,
      "Could not connect to the endpoint.",
      "Check the host name and port in the endpoint URL, and that the server is up and reachable."),
  /** A connect, read, request or fetch deadline passed; the message names which. */
  TIMEOUT(
      true,
      "The endpoint did not answer in time.",
      "Check that the endpoint is up, or raise timeouts.connectMs / timeouts.responseMs."),
  /** The TLS handshake failed: certificate not trusted, not matching the host, expired. */
  TLS_FAILED(
      false,
      "The secure (TLS) connection to the endpoint failed.",
      "Check the endpoint's certificate: it must be valid for the host name and issued by a trusted authority."),
  /** The endpoint answered 401 or 403 (after a token renewal, for OAuth2). */
  UNAUTHORIZED(
      false,
      "The endpoint refused the credentials (HTTP 401 or 403).",
      "Check the authentication type and the username, password, keys or headers."),
  /**
   * The endpoint answered 429, or a rate limit it announced (or the config's own budget) held the
   * fetch back without sending it; see {@link CouponFetchException#retryAt()}.
   */
  RATE_LIMITED(
      true,
      "The endpoint is limiting requests (HTTP 429).",
      "Wait and try again, or ask the merchant to raise the rate limit."),
  /** The endpoint answered another 4xx status, or a 3xx that was not followed. */
  HTTP_ERROR(
      false,
      "The endpoint rejected the request (HTTP 4xx).",
      "Check the endpoint URL, the request type and the payload against the endpoint's documentation."),
  /** The endpoint answered 5xx, or something that is not HTTP. */
  SERVER_ERROR(
      true,
      "The endpoint failed with a server error (HTTP 5xx).",
      "Try again later; if it persists, the merchant must fix the endpoint."),
  /**
   * No usable OAuth2 tokens: the authorization ("fetch tokens") has not run, or its refresh token
   * is no longer accepted.
   */
  OAUTH_NOT_AUTHORIZED(
      false,
      "There are no usable OAuth2 tokens for this configuration.",
      "Press \"fetch tokens\" (run the OAuth2 authorization) again."),
  /** The OAuth2 token endpoint failed or refused to give an access token. */
  OAUTH_TOKEN_FAILED(
      true,
      "The OAuth2 token endpoint did not give a token.",
      "Check the token URL, client id and client secret."),
  /** The response body is larger than the fetcher's cap (1 MiB by default). */
  RESPONSE_TOO_LARGE(
      false,
      "The response is larger than the allowed size.",
      "Make the endpoint return fewer coupons per call."),
  /** The mapping needs JSON and the body is not JSON. */
  NOT_JSON(
      false,
      "The response is not valid JSON, but the mapping expects JSON.",
      "Check that the endpoint returns JSON, or remove mapping.code to read the body as plain text."),
  /** A 2xx answer carried an error message at {@code mapping.error}. */
  ENDPOINT_ERROR(
      false,
      "The endpoint answered with an error message.",
      "Read the endpoint's message above; it usually names what to fix (campaign, account, stock)."),
  /** {@code mapping.code} or {@code mapping.expiry} does not match the response. */
  MAPPING_NOT_FOUND(
      false,
      "The mapping path does not match the response.",
      "Change mapping.code (or mapping.expiry) to a path that exists in the response shown above."),
  /**
   * The value at the code's path is not a usable code (empty, null, boolean, object, control
   * characters, over 256 characters).
   */
  INVALID_CODE(
      false,
      "The value at the mapping path is not a usable coupon code.",
      "Point mapping.code at a text or number value (at most 256 characters)."),
  /** The response holds no coupon (an empty body or list). */
  NO_COUPONS(
      true,
      "The response holds no coupons.",
      "Check that the campaign still has coupons, and that mapping.code points at them."),
  /** A {@code SINGLE} configuration got more than one code. */
  TOO_MANY_COUPONS(
      false,
      "The response holds more than one coupon, but the coupon type is SINGLE.",
      "Set couponType to BULK to take every coupon, or point mapping.code at one code."),
  /** An expiry value could not be read with {@code mapping.expiryFormat}. */
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
