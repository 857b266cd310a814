package dev.couponfetch;

/**
 * How an OAuth2 token request's parameters are sent: the config's {@code auth.tokenRequestFormat}.
 */
public enum TokenRequestFormat {
  /** {@code application/x-www-form-urlencoded}, as RFC 6749 says (the default). */
  FORM,
  /**
   * The same parameters as one JSON object of strings, {@code Content-Type: application/json}, for
   * providers that refuse forms.
   */
  JSON
}
