package dev.couponfetch.examples.serve;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The settings page's files, read from the classpath folder of this package. Only these names are
 * served: no path ever reaches the classpath lookup. Stateless.
 */
final class StaticFiles {
  private static final Map<String, String[]> FILES =
      Map.of(
          "/",
          new String[] {"index.html", ReplyWriter.HTML},
          "/settings.css",
          new String[] {"settings.css", "text/css; charset=utf-8"},
          "/settings.js",
          new String[] {"settings.js", "text/javascript; charset=utf-8"},
          "/response-tree.js",
          new String[] {"response-tree.js", "text/javascript; charset=utf-8"});

  private StaticFiles() {}

  /** Whether {@code path} is one of the page's files. */
  static boolean serves(String path) {
    return FILES.containsKey(path);
  }

  /** Answers a GET of one of the page's files; 404 when the build did not include it. */
  static boolean serve(String path, Response response, Callback callback) throws IOException {
    String[] file = FILES.get(path);
    byte[] body;
    try (InputStream in = StaticFiles.class.getResourceAsStream(file[0])) {
      if (in == null) {
        return ReplyWriter.text(response, callback, HttpStatus.NOT_FOUND_404, "not found\n");
      }
      body = in.readAllBytes();
    }
    return ReplyWriter.bytes(response, callback, HttpStatus.OK_200, file[1], body);
  }
}
