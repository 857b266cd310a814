package dev.couponfetch.examples;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a configuration file for a command, turning every problem into a {@link CliFailure}. */
final class ConfigFile {
  private ConfigFile() {}

  /**
   * Reads and validates the config file.
   *
   * @throws CliFailure (exit 2) naming the file and every problem, one a line
   */
  static CouponSourceConfig load(Path file) {
    try {
      return CouponSourceConfig.fromJson(readText(file));
    } catch (CouponFetchException e) {
      if (e.reason() != Reason.INVALID_CONFIG) {
        throw e;
      }
      List<String> lines = new ArrayList<>();
      lines.add("error: invalid config " + file + ":");
      if (e.problems().isEmpty()) {
        lines.add("  - " + e.getMessage());
      } else {
        e.problems().forEach(p -> lines.add("  - " + p));
      }
      throw new CliFailure(CouponFetchCli.USAGE, lines);
    }
  }

  /**
   * The config file's text: a regular file of at most {@link InputFiles#MAX_BYTES}, in UTF-8.
   *
   * @throws CliFailure (exit 2) when it cannot be read, naming the file and why
   */
  static String readText(Path file) {
    byte[] bytes;
    try {
      bytes = InputFiles.read(file);
    } catch (InputFiles.Unusable e) {
      throw cannotRead(file, e.getMessage());
    }
    String json;
    try {
      json =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw cannotRead(file, "not UTF-8 text");
    }
    // A byte order mark, as some Windows editors write, is not JSON.
    return json.startsWith("\uFEFF") ? json.substring(1) : json;
  }

  private static CliFailure cannotRead(Path file, String why) {
    return CliFailure.usage("error: cannot read config file '" + file + "': " + why);
  }
}
