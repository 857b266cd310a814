package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths that name no ordinary file: refused with one line naming the file, exit 2, without reading
 * them. The timeouts run the test on its own thread, so that code that does read (a device never
 * ends; opening a named pipe blocks until a writer comes, and cannot be interrupted) fails the test
 * instead of hanging the build.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
class InputFilesTest {
  private static final String VALID = "{\"endpoint\":\"http://127.0.0.1:9/x\"}";

  @TempDir Path dir;

  @Test
  void config_devZero_refusedWithoutReading() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "no /dev/zero on this system");

    CliRun run = CliRun.of("fetch", "--config", zero.toString());

    assertRefused(run, "error: cannot read config file '" + zero + "': " + NOT_REGULAR);
  }

  @Test
  void config_namedPipe_refusedWithoutOpeningIt() throws Exception {
    Path fifo = mkfifo("config.json");

    CliRun run = CliRun.of("test", "--config", fifo.toString());

    assertRefused(run, "error: cannot read config file '" + fifo + "': " + NOT_REGULAR);
  }

  @Test
  void testJson_namedPipe_refusedWithoutOpeningIt() throws Exception {
    Path fifo = mkfifo("config.json");

    CliRun run = CliRun.of("test", "--json", "--config", fifo.toString());

    assertRefused(run, "error: cannot read config file '" + fifo + "': " + NOT_REGULAR);
  }

  @Test
  void config_overOneMebibyte_refused() throws IOException {
    byte[] big = new byte[InputFiles.MAX_BYTES + 1];
    Arrays.fill(big, (byte) ' ');
    byte[] json = VALID.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    System.arraycopy(json, 0, big, 0, json.length); // valid JSON followed by blanks
    Path file = Files.write(dir.resolve("big.json"), big);

    CliRun run = CliRun.of("fetch", "--config", file.toString());

    assertRefused(run, "error: cannot read config file '" + file + "': it is larger than 1 MiB");
  }

  @Test
  void config_exactlyOneMebibyte_read() throws IOException {
    byte[] big = new byte[InputFiles.MAX_BYTES];
    Arrays.fill(big, (byte) ' ');
    byte[] json = "{\"endpoint\":\"ftp://x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    System.arraycopy(json, 0, big, 0, json.length);
    Path file = Files.write(dir.resolve("big.json"), big);

    CliRun run = CliRun.of("fetch", "--config", file.toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: invalid config ").contains("endpoint");
  }

  @Test
  void config_directory_refused() {
    CliRun run = CliRun.of("fetch", "--config", dir.toString());

    assertRefused(run, "error: cannot read config file '" + dir + "': it is a directory");
  }

  @Test
  void config_symlinkToNamedPipe_refused() throws Exception {
    Path fifo = mkfifo("pipe");
    Path link = Files.createSymbolicLink(dir.resolve("config.json"), fifo);

    CliRun run = CliRun.of("fetch", "--config", link.toString());

    assertRefused(run, "error: cannot read config file '" + link + "': " + NOT_REGULAR);
  }

  @Test
  void config_notUtf8_refused() throws IOException {
    Path file = Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', (byte) 0xE9, '"'});

    CliRun run = CliRun.of("fetch", "--config", file.toString());

    assertRefused(run, "error: cannot read config file '" + file + "': not UTF-8 text");
  }

  @Test
  void tokenStore_namedPipe_refusedWithoutOpeningIt() throws Exception {
    Path config = Files.writeString(dir.resolve("config.json"), VALID);
    Path fifo = mkfifo("tokens.json");

    CliRun run =
        CliRun.of("fetch", "--config", config.toString(), "--token-store", fifo.toString());

    assertRefused(run, "error: --token-store '" + fifo + "' cannot be used: " + NOT_REGULAR);
  }

  @Test
  void tokenStore_devZero_refusedWithoutReading() throws IOException {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "no /dev/zero on this system");
    Path config = Files.writeString(dir.resolve("config.json"), VALID);

    CliRun run = CliRun.of("test", "--config", config.toString(), "--token-store", zero.toString());

    assertRefused(run, "error: --token-store '" + zero + "' cannot be used: " + NOT_REGULAR);
  }

  private static final String NOT_REGULAR =
      "it is not a regular file (a device, named pipe or socket)";

  private static void assertRefused(CliRun run, String line) {
    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).containsExactly(line);
  }

  /** A named pipe in the test folder; the test is skipped, saying why, without {@code mkfifo}. */
  private Path mkfifo(String name) throws Exception {
    Path fifo = dir.resolve(name);
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "mkfifo is not available here: " + e.getMessage());
      throw e;
    }
    assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
    assumeTrue(
        !Files.isRegularFile(fifo) && Files.exists(fifo), "mkfifo made no named pipe: " + fifo);
    return fifo;
  }
}
