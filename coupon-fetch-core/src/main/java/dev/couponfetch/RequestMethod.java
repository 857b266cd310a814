package dev.couponfetch;

/** How the coupon endpoint is called: the config's {@code method}. */
public enum RequestMethod {
  /** {@code GET}; the config may not have a payload. */
  GET,
  /** {@code POST} with the payload as JSON ({@code Content-Type: application/json}). */
  POST_JSON,
  /**
   * {@code POST} with the payload as {@code application/x-www-form-urlencoded}; the payload must be
   * a flat object of scalars.
   */
  POST_FORM;

  /** The HTTP method name. */
  public String httpMethod() {
    return this == GET ? "GET" : "POST";
  }
}
