package dev.couponfetch.internal.request;

import dev.couponfetch.PreparedRequest;
import java.net.URI;
import java.util.List;

/** URL helpers. STUB: to be implemented. */
public final class Urls {
  private Urls() {}

  public static URI merge(URI endpoint, List<PreparedRequest.QueryParam> params, boolean mask) {
    return endpoint;
  }
}
