package dev.couponfetch.httpclient.oauth;

import dev.couponfetch.internal.mapping.BodyFlag;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@code auth.tokenExpiredPath} in a 2xx body ({@code errcode} of {@code {"errcode":40001}})
 * with core's path language and its {@code mapping.error} notion of "set" (not null, blank, {@code
 * false}, {@code 0} or empty). Compiled paths are cached by their text. Thread-safe.
 */
final class ExpiredBody {
  private static final int MAX_CACHED = 1000;

  private final ConcurrentHashMap<String, Optional<BodyFlag>> compiled = new ConcurrentHashMap<>();

  boolean says(String path, byte[] body, Charset charset) {
    Optional<BodyFlag> flag = compiled.get(path);
    if (flag == null) {
      if (compiled.size() >= MAX_CACHED) {
        compiled.clear();
      }
      // A path that does not compile never gets here: the config's validation refuses it.
      flag =
          compiled.computeIfAbsent(
              path,
              p ->
                  Optional.ofNullable(
                      BodyFlag.compile("auth.tokenExpiredPath", p, new ArrayList<>())));
    }
    return flag.isPresent() && flag.get().raised(body, charset) != null;
  }
}
