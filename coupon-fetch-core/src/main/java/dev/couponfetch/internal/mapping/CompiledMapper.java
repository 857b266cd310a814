package dev.couponfetch.internal.mapping;

import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.ResponseMapper;
import java.util.List;

/** Compiles a mapping once per config. STUB: to be implemented. */
public final class CompiledMapper {
  private CompiledMapper() {}

  /**
   * Compiles {@code mapping}; adds a problem naming the field (for example {@code "mapping.code:
   * …"}) for every path or format that cannot be compiled, and then may return null.
   */
  public static ResponseMapper compile(MappingConfig mapping, CouponType type, List<String> problems) {
    return (body, charset) -> {
      throw new UnsupportedOperationException("TODO");
    };
  }
}
