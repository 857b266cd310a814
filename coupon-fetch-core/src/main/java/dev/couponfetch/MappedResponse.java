package dev.couponfetch;

import java.util.List;

/**
 * What a {@link ResponseMapper} found in a response.
 *
 * @param coupons the coupons, in response order, duplicates removed; never empty
 * @param warnings things the merchant should know (dropped duplicates), never secrets
 */
public record MappedResponse(List<Coupon> coupons, List<String> warnings) {
  /** Copies both lists. */
  public MappedResponse {
    coupons = List.copyOf(coupons);
    warnings = List.copyOf(warnings);
  }
}
