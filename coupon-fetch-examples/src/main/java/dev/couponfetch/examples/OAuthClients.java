package dev.couponfetch.examples;

import dev.couponfetch.OAuth2Authorizer;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.nio.file.Files;
import java.nio.file.Path;

/** How the command line builds the transport's OAuth2 parts: one place for the wiring. */
final class OAuthClients {
  private OAuthClients() {}

  /** A fetcher keeping OAuth2 tokens in {@code store}; the caller closes it. */
  static HttpClientCouponFetcher newFetcher(boolean allowPrivateNetworks, TokenStore store) {
    return HttpClientCouponFetcher.builder()
        .allowPrivateNetworks(allowPrivateNetworks)
        .tokenStore(store)
        .build();
  }

  /**
   * The token store in {@code file}, read once now so that an unusable file fails at once, as bad
   * usage, and without quoting the file (it holds tokens).
   *
   * <p>A file that exists must be a regular file: the store reads it whole, and a device never ends
   * while a named pipe blocks the read.
   *
   * @throws CliFailure with exit code 2 when the file is not a regular file or not a token store
   */
  static TokenStore openFileStore(Path file, String key) {
    if (Files.exists(file)) {
      try {
        InputFiles.checkRegular(file);
      } catch (InputFiles.Unusable e) {
        throw CliFailure.usage(
            "error: --token-store '" + file + "' cannot be used: " + e.getMessage());
      }
    }
    TokenStore store = TokenStores.file(file);
    try {
      store.get(key);
    } catch (RuntimeException e) {
      throw CliFailure.usage(
          "error: --token-store '" + file + "' is not a token store written by coupon-fetch");
    }
    return store;
  }

  /** The authorizer sharing {@code fetcher}'s HttpClient and token store. */
  static OAuth2Authorizer authorizer(HttpClientCouponFetcher fetcher) {
    return fetcher.authorizer();
  }
}
