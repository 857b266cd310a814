package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ServeCommandTest {
  private static final Pattern PAGE_LINE =
      Pattern.compile("Settings page: (http://127\\.0\\.0\\.1:\\d+/)");

  @Test
  void serve_port0_servesThePageUntilStopped() throws Exception {
    URI page;
    BackgroundRun cli = BackgroundRun.start("serve", "--port", "0");
    try {
      page = URI.create(cli.out.awaitLine(PAGE_LINE, BackgroundRun.WAIT).group(1));
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(page.resolve("/api/nothing")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(404);
      assertThat(answer.body()).isEqualTo("{\"error\":\"not found\"}");
    } finally {
      cli.close(); // interrupts the command, as stopping an embedding application would
    }
    CliRun run = cli.finish();

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.outLines()).containsExactly("Settings page: " + page, "Press Ctrl+C to stop.");
    assertThat(run.err()).isEmpty();
    assertThatThrownBy(() -> new Socket(InetAddress.getByName("127.0.0.1"), page.getPort()).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void serve_portInUse_oneLineErrorExit2() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      CliRun run = CliRun.of("serve", "--port", String.valueOf(port));

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.errLines().get(0))
          .startsWith("error: cannot listen on 127.0.0.1:" + port + ": ");
      assertThat(run.errLines().get(1)).startsWith("hint: ");
      assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void serve_portOutOfRange_exit2() {
    CliRun run = CliRun.of("serve", "--port", "70000");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: --port must be between 0 and 65535, but was 70000");
    assertThat(CliRun.of("serve", "--port", "eighty").exitCode()).isEqualTo(2);
  }

  @Test
  void serve_help_describesTheOptions() {
    CliRun run = CliRun.of("serve", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("--port=N")
        .contains("--allow-private-network")
        .contains("127.0.0.1")
        .contains("8787");
  }

  @Test
  void cli_help_listsServe() {
    assertThat(CliRun.of("--help").out()).contains("serve");
  }
}
