package dev.couponfetch.examples;

import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options {@code test} and {@code fetch} share: the config file, variables, network and token
 * store.
 */
final class SourceOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description =
          "The configuration, a JSON file (examples:"
              + " coupon-fetch-examples/src/main/resources/examples/).")
  Path config;

  @Option(
      names = "--var",
      paramLabel = "NAME=VALUE",
      description = {
        "A value for a {{variable}} in the configuration, such as --var email=ada@example.com.",
        "Repeat for each variable. The value is everything after the first '=', taken as is."
      })
  // A list, not a Map: picocli's map options interpret quotes, and values may hold any text.
  List<String> vars = new ArrayList<>();

  @Option(
      names = "--allow-private-network",
      description = {
        "Allow endpoints on loopback and private networks (local development).",
        "Accepted now; the network guard that refuses them by default comes in a later release."
      })
  boolean allowPrivateNetwork;

  @Option(
      names = "--token-store",
      paramLabel = "FILE",
      description = {
        "The OAuth2 token store, a JSON file written by 'oauth authorize'; renewed tokens are"
            + " written back to it.",
        "Without it, OAuth2 tokens live in memory for this run only: enough for client"
            + " credentials, while an authorization code config then needs a refreshToken."
      })
  Path tokenStore;

  /** The variables, checked: every one has a name and a value. */
  Map<String, String> variables() {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String v : vars) {
      int eq = v.indexOf('=');
      if (eq <= 0 || v.substring(0, eq).isBlank()) {
        throw new ParameterException(
            spec.commandLine(), "--var needs NAME=VALUE, but was '" + v + "' (no '=' or no name)");
      }
      variables.put(v.substring(0, eq).strip(), v.substring(eq + 1));
    }
    return Collections.unmodifiableMap(variables);
  }

  /**
   * Reads and validates the config file.
   *
   * @throws CliFailure (exit 2) naming the file and every problem, one a line
   */
  CouponSourceConfig loadConfig() {
    return ConfigFile.load(config);
  }

  /**
   * The config file's text.
   *
   * @throws CliFailure (exit 2) when it cannot be read
   */
  String readConfigText() {
    return ConfigFile.readText(config);
  }

  /**
   * A fetcher honouring {@code --allow-private-network} and {@code --token-store}; the caller
   * closes it.
   */
  CouponFetcher newFetcher(CouponSourceConfig config) {
    TokenStore store =
        tokenStore == null
            ? TokenStores.inMemory()
            : OAuthClients.openFileStore(tokenStore, config.name());
    return OAuthClients.newFetcher(allowPrivateNetwork, store);
  }

  /**
   * What to do when a fetch found no usable OAuth2 tokens, in command line terms (the core's hint
   * speaks of the settings screen's button).
   */
  String notAuthorizedHint() {
    String run =
        "run 'coupon-fetch oauth authorize --config "
            + config
            + " --token-store FILE"
            + (allowPrivateNetwork ? " --allow-private-network'" : "'");
    return tokenStore == null
        ? run + ", then pass the same --token-store FILE here"
        : run.replace("FILE", tokenStore.toString()) + " to fetch new tokens";
  }
}
