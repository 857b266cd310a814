package dev.couponfetch.httpclient;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.PreparedRequest;

/**
 * The name under which the fetch engine knows core's {@link
 * dev.couponfetch.internal.text.Redactor}, the one masking component of fetches and token requests;
 * it adds nothing. Once the engine's files import that class, this one goes.
 */
final class Redactor extends dev.couponfetch.internal.text.Redactor {
  private Redactor(PreparedRequest req, AuthConfig auth) {
    super(req, auth);
  }

  /** See {@link dev.couponfetch.internal.text.Redactor#of}. */
  public static Redactor of(PreparedRequest req, AuthConfig auth) {
    return new Redactor(req, auth);
  }
}
