package dev.couponfetch.examples.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A browser for the settings server's tests: never follows redirects. */
final class ServeHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(TIMEOUT)
          .build();
  private final URI base;

  ServeHttp(URI base) {
    this.base = base;
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return open(base.resolve(pathAndQuery));
  }

  /** A GET of any absolute URL (the authorization server's, for one). */
  HttpResponse<String> open(URI uri) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String contentType, String body)
      throws IOException, InterruptedException {
    return post(path, contentType, body, new String[0]);
  }

  /** A POST with extra {@code headers}, given as name, value, name, value… */
  HttpResponse<String> post(String path, String contentType, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postJson(String path, Object body) throws IOException, InterruptedException {
    return postJson(path, body, new String[0]);
  }

  /** A JSON POST with extra {@code headers}, given as name, value, name, value… */
  HttpResponse<String> postJson(String path, Object body, String... headers)
      throws IOException, InterruptedException {
    String text = body instanceof String ? (String) body : JSON.writeValueAsString(body);
    return post(path, "application/json", text, headers);
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  /**
   * Sends {@code head} (request line and headers, without the blank line) as is over a plain
   * socket, since java.net.http will not send a Host header of our choosing; returns the whole
   * answer, headers and body.
   */
  String raw(String head) throws IOException {
    return rawBytes((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends {@code request} exactly as given over a plain socket; returns the whole answer. */
  String rawBytes(byte[] request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), base.getPort())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      return answer.toString(StandardCharsets.UTF_8);
    }
  }
}
