package dev.couponfetch.internal.request;

import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.PreparedRequest;
import java.util.List;
import java.util.Map;

/** The config's request with compiled {{variable}} templates. STUB: to be implemented. */
public final class RequestTemplate {
  private RequestTemplate() {}

  public static RequestTemplate compile(CouponSourceConfig config, List<String> problems) {
    return new RequestTemplate();
  }

  public PreparedRequest prepare(Map<String, String> variables) {
    throw new UnsupportedOperationException("TODO");
  }
}
