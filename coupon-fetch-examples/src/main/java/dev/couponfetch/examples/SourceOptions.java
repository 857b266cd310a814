package dev.couponfetch.examples;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

/** The options {@code test} and {@code fetch} share: the config file, variables and network. */
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
      description = "Reserved for OAuth2 tokens (not supported yet): accepted and ignored.")
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
    try {
      return CouponSourceConfig.fromJson(readConfigText());
    } catch (CouponFetchException e) {
      if (e.reason() != Reason.INVALID_CONFIG) {
        throw e;
      }
      List<String> lines = new ArrayList<>();
      lines.add("error: invalid config " + config + ":");
      if (e.problems().isEmpty()) {
        lines.add("  - " + e.getMessage());
      } else {
        e.problems().forEach(p -> lines.add("  - " + p));
      }
      throw new CliFailure(CouponFetchCli.USAGE, lines);
    }
  }

  /**
   * The config file's text.
   *
   * @throws CliFailure (exit 2) when it cannot be read
   */
  String readConfigText() {
    String json;
    try {
      json = Files.readString(config, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw cannotRead("no such file");
    } catch (AccessDeniedException e) {
      throw cannotRead("permission denied");
    } catch (CharacterCodingException e) {
      throw cannotRead("not UTF-8 text");
    } catch (IOException e) {
      throw cannotRead(Files.isDirectory(config) ? "it is a directory" : e.toString());
    }
    // A byte order mark, as some Windows editors write, is not JSON.
    return json.startsWith("\uFEFF") ? json.substring(1) : json;
  }

  private CliFailure cannotRead(String why) {
    return CliFailure.usage("error: cannot read config file '" + config + "': " + why);
  }

  /** A fetcher honouring {@code --allow-private-network}; the caller closes it. */
  CouponFetcher newFetcher() {
    return HttpClientCouponFetcher.builder().allowPrivateNetworks(allowPrivateNetwork).build();
  }
}
