package dev.couponfetch.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest.Header;
import dev.couponfetch.internal.text.CurlCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link CurlCommand} is read by a POSIX shell ({@code /bin/sh}) as exactly the words it was made
 * of: random header values, bodies and URLs full of quotes, {@code $}, backticks, backslashes, line
 * breaks and non-ASCII text come back unchanged. The shell runs {@code printf '%s\0'} in place of
 * {@code curl} (no curl, no network), and the words it prints are compared with the ones expected.
 * Each case is a batch of requests run by one shell, to keep the processes few.
 */
class CurlQuotingPropertyTest {
  /** Separates the batch's commands in the shell's output; never generated. */
  private static final char RECORD = '\u001e';

  private static final Path SH = Path.of("/bin/sh");

  /**
   * Where the shell runs: a command quoted wrongly may redirect ({@code >}) into a file, which must
   * not land in the source tree.
   */
  @TempDir static Path scratch;

  /** One request and the words {@code curl} should be given for it. */
  record Case(String method, String uri, List<Header> headers, String body) {
    List<String> words() {
      List<String> w = new ArrayList<>();
      if (!method.equals("GET")) {
        w.addAll(List.of("-X", method));
      }
      if (uri.matches(".*[\\[\\]{}].*")) {
        w.add("-g");
      }
      w.add(uri);
      for (Header h : headers) {
        w.add("-H");
        w.add(h.value().isEmpty() ? h.name() + ";" : h.name() + ": " + h.value());
      }
      if (!body.isEmpty()) {
        w.addAll(List.of("--data-raw", body));
      }
      return w;
    }

    String command() {
      return CurlCommand.of(new Exchange.SentRequest(method, uri, headers, body));
    }
  }

  private static final List<String> SHELL_PIECES =
      List.of(
          "'",
          "''",
          "'\\''",
          "\"",
          "\\",
          "\\'",
          "$",
          "$HOME",
          "${x}",
          "$(id)",
          "`id`",
          "!",
          "*",
          "?",
          "[a]",
          "{a,b}",
          "~",
          "#",
          ";",
          "&",
          "|",
          "<",
          ">",
          "(",
          ")",
          " ",
          "  ",
          "\t",
          "\n",
          "\r\n",
          "\u001b[2J",
          "é",
          "漢字",
          "😀",
          "\u2028",
          "\u00a0",
          "\u202e",
          "-",
          "--",
          "-H",
          "@x",
          "=");

  /** Text for a header value or a body: shell specials, controls (not NUL), non-ASCII. */
  private static Gen<String> text() {
    Gen<Character> anyChar = Gen.chars('\u0001', '\uffff');
    Gen<String> piece =
        Gen.oneOf(
            Gen.elementOf(SHELL_PIECES),
            Gen.strings(Gen.chars(' ', '~'), 0, 6),
            Gen.strings(anyChar, 0, 3));
    return Gen.concat(piece, 0, 12).filter(s -> Generators.wellFormed(s) && s.indexOf(RECORD) < 0);
  }

  private static Gen<Case> cases() {
    Gen<String> names = Gen.strings(Gen.chars(Generators.ALPHANUMERIC + "-_"), 1, 12);
    Gen<Header> header =
        r -> new Header("X-" + names.next(r), text().next(r).replaceAll("[\r\n]", " "), false);
    Gen<String> uri = text().map(t -> "https://shop.example/" + t.replaceAll("[\\s]", ""));
    return r -> {
      String method = r.nextBoolean() ? "GET" : "POST";
      String body = method.equals("GET") ? "" : text().next(r);
      return new Case(method, uri.next(r), header.list(0, 4).next(r), body);
    };
  }

  @Test
  void shellReadsBackTheWordsOfEveryCommand() {
    assumeThat(Files.isExecutable(SH)).as("a POSIX shell at /bin/sh").isTrue();
    List<Case> edges = new ArrayList<>();
    for (String p : SHELL_PIECES) {
      edges.add(
          new Case(
              "POST", "https://h/" + p.strip(), List.of(new Header("X-P", p.strip(), false)), p));
    }
    edges.add(new Case("GET", "https://h/?a[0]={x}", List.of(new Header("X-E", "", false)), ""));
    PropertyCheck.forAll(cases().list(1, 25))
        .withExamples(List.of(edges))
        .tries(40)
        .check(
            batch -> {
              List<List<String>> read = runInShell(batch);
              assertThat(read).hasSize(batch.size());
              for (int i = 0; i < batch.size(); i++) {
                assertThat(read.get(i)).as(batch.get(i).command()).isEqualTo(batch.get(i).words());
              }
            });
  }

  @Test
  void aCutBodysComment_isNoWord() throws Exception {
    String body = "x'".repeat(Exchange.BODY_LIMIT);
    Case c = new Case("POST", "https://h/", List.of(), body);

    List<List<String>> read = runInShell(List.of(c));

    assertThat(c.command()).endsWith("# body cut at 65536 characters for the report");
    assertThat(read.get(0))
        .containsExactly(
            "-X", "POST", "https://h/", "--data-raw", body.substring(0, Exchange.BODY_LIMIT));
  }

  /**
   * The words {@code /bin/sh} passes for each command. The script goes to the shell's standard
   * input as UTF-8: an argument would be encoded as the JVM's locale says, and could lose
   * characters before the shell ever saw them.
   */
  private static List<List<String>> runInShell(List<Case> batch)
      throws IOException, InterruptedException {
    StringBuilder script = new StringBuilder();
    for (Case c : batch) {
      String command = c.command();
      assertThat(command).startsWith("curl ");
      script.append("printf '%s\\0'").append(command.substring("curl".length())).append('\n');
      script.append("printf '\\036'\n"); // on its own line: a command may end in a comment
    }
    Process p =
        new ProcessBuilder(SH.toString(), "-s")
            .directory(scratch.toFile())
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(script.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] out;
    try (InputStream o = p.getInputStream()) {
      out = o.readAllBytes();
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    List<List<String>> words = new ArrayList<>();
    for (String record : text.split(String.valueOf(RECORD), -1)) {
      if (!record.isEmpty()) {
        // Each word ends in a NUL: the last split piece is the empty rest.
        List<String> w = new ArrayList<>(Arrays.asList(record.split("\0", -1)));
        w.remove(w.size() - 1);
        words.add(w);
      }
    }
    return words;
  }
}
