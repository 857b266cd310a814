package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong input of every kind: exit 2, one clear line per problem, never a stack trace. */
class BadInputTest {
  @TempDir Path dir;

  @Test
  void test_unknownFieldAndWrongType_onePerLineExit2() throws IOException {
    Path config =
        write(
            "{\"endpoint\":\"http://127.0.0.1:9/x\",\"colour\":\"red\","
                + "\"timeouts\":{\"connectMs\":\"fast\"}}");

    CliRun run = CliRun.of("test", "--config", config.toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines().get(0)).isEqualTo("error: invalid config " + config + ":");
    assertThat(run.errLines()).anyMatch(l -> l.startsWith("  - ") && l.contains("colour"));
    assertThat(run.errLines()).anyMatch(l -> l.startsWith("  - ") && l.contains("connectMs"));
    assertThat(run.errLines()).noneMatch(l -> l.contains("colour") && l.contains("connectMs"));
    assertNoStackTrace(run);
  }

  @Test
  void testJson_invalidConfig_exit2WithJsonProblems() throws IOException {
    Path config = write("{\"endpoint\":\"http://127.0.0.1:9/x\",\"colour\":\"red\"}");

    CliRun run = CliRun.of("test", "--config", config.toString(), "--json");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.path("works").asBoolean(true)).isFalse();
    assertThat(report.path("reason").asText()).isEqualTo("INVALID_CONFIG");
    assertThat(report.path("problems").get(0).asText()).contains("colour");
  }

  @Test
  void testAndFetch_customAuthProblems_exit2NamingFieldsNeverASettingValue() throws IOException {
    Path config =
        write(
            "{\"endpoint\":\"http://127.0.0.1:9/x\",\"auth\":{\"type\":\"custom\","
                + "\"scheme\":\"basic\",\"username\":\"u\","
                + "\"settings\":{\"secret\":\"St-Zq71-{{ bad\"}},"
                + "\"mapping\":{\"mapper\":\"Acme CSV\"}}");

    for (String command : new String[] {"test", "fetch"}) {
      CliRun run = CliRun.of(command, "--config", config.toString());

      assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
      assertThat(run.errLines())
          .contains(
              "  - auth.scheme: 'basic' is a built-in scheme; use \"type\": \"BASIC\" instead of"
                  + " CUSTOM",
              "  - auth.username: not used by CUSTOM")
          .anyMatch(l -> l.startsWith("  - mapping.mapper: must be lower-case"))
          .anyMatch(l -> l.startsWith("  - auth.settings.secret: '{{' at position 9"));
      assertThat(run.all()).doesNotContain("Zq71");
      assertNoStackTrace(run);
    }
  }

  @Test
  void fetch_unreadableJson_exit2() throws IOException {
    Path config = write("{\"endpoint\": ");

    CliRun run = CliRun.of("fetch", "--config", config.toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: invalid config ");
    assertNoStackTrace(run);
  }

  @Test
  void test_missingFile_exit2NamesIt() {
    String missing = dir.resolve("nope.json").toString();

    CliRun run = CliRun.of("test", "--config", missing);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("error: cannot read config file '" + missing + "': no such file");
  }

  @Test
  void fetch_varWithoutEquals_exit2NamesTheValue() throws IOException {
    Path config = write("{\"endpoint\":\"http://127.0.0.1:9/x\"}");

    CliRun run = CliRun.of("fetch", "--config", config.toString(), "--var", "email");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines().get(0))
        .startsWith("error: ")
        .contains("'email'")
        .contains("NAME=VALUE");
    assertNoStackTrace(run);
  }

  @Test
  void fetch_countZero_exit2() throws IOException {
    Path config = write("{\"endpoint\":\"http://127.0.0.1:9/x\"}");

    CliRun run = CliRun.of("fetch", "--config", config.toString(), "--count", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--count");
  }

  @Test
  void fetch_countOverTenThousand_exit2NamesCount() throws IOException {
    Path config = write("{\"endpoint\":\"http://127.0.0.1:9/x\"}");

    CliRun run = CliRun.of("fetch", "--config", config.toString(), "--count", "10001");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.errLines().get(0))
        .isEqualTo("error: --count must be between 1 and 10000, but was 10001");
    assertNoStackTrace(run);
  }

  @Test
  void fetch_countNotANumber_exit2NamesCount() throws IOException {
    Path config = write("{\"endpoint\":\"http://127.0.0.1:9/x\"}");

    CliRun run = CliRun.of("fetch", "--config", config.toString(), "--count", "99999999999");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.errLines().get(0)).startsWith("error: ").contains("--count");
    assertNoStackTrace(run);
  }

  @Test
  void configPathWithNulCharacter_exit2NamesTheOptionNotTheJavaClass() {
    CliRun run = CliRun.of("fetch", "--config", "a\0b.json");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.errLines().get(0)).isEqualTo("error: Invalid value for option '--config'");
    assertThat(run.err()).doesNotContain("java.");
    assertNoStackTrace(run);
  }

  @Test
  void noCommand_exit2() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: Missing command");
  }

  @Test
  void unknownOption_exit2() {
    CliRun run = CliRun.of("test", "--config", "x.json", "--colour");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--colour");
    assertNoStackTrace(run);
  }

  @Test
  void version_exit0() {
    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("coupon-fetch ");
  }

  @Test
  void help_explainsTokenStoreAndCountKeepsEveryCoupon() {
    CliRun run = CliRun.of("fetch", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().replaceAll("\\s+", " "))
        .contains("--token-store")
        .contains("written by 'oauth authorize'")
        .doesNotContain("Reserved")
        .contains("a fetched coupon is handed out once");
  }

  private Path write(String json) throws IOException {
    return Files.writeString(dir.resolve("config.json"), json);
  }

  private static void assertNoStackTrace(CliRun run) {
    assertThat(run.all())
        .doesNotContain("\tat ")
        .doesNotContain("at dev.")
        .doesNotContain("Exception");
  }
}
