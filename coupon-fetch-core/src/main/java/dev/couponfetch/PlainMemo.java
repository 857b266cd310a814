package dev.couponfetch;

import java.util.Map;

/**
 * Makes the credentials of a {@linkplain Authenticator.Plain#reusable() reusable} plain
 * authenticator once for a config without variables: its one request, already merged and parsed, is
 * then sent as it is on every fetch. Stateless; the memo lives in the request.
 */
final class PlainMemo {
  /** What {@code by} made of a request. */
  record Entry(Authenticator.Plain by, PreparedRequest result) {}

  private PlainMemo() {}

  static PreparedRequest authenticate(
      Authenticator.Plain a,
      PreparedRequest request,
      CouponSourceConfig config,
      Map<String, String> variables) {
    if (!a.reusable() || !config.isConstant(request)) {
      return a.authenticate(request, config, variables);
    }
    Entry e = request.reused;
    if (e != null && e.by() == a) {
      return e.result();
    }
    PreparedRequest r = a.authenticate(request, config, variables);
    request.reused = new Entry(a, r); // a race makes equal copies; either may be kept
    return r;
  }
}
