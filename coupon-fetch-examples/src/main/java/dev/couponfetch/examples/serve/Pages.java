package dev.couponfetch.examples.serve;

/**
 * The HTML pages the browser lands on after the authorization server: a headline, a few lines and a
 * link back to the settings page. Everything shown is escaped; no page shows a token, the state or
 * the PKCE verifier. Stateless.
 */
final class Pages {
  private Pages() {}

  static String page(String title, String... paragraphs) {
    StringBuilder s = new StringBuilder();
    s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>coupon-fetch: ")
        .append(escape(title))
        .append("</title>\n<link rel=\"stylesheet\" href=\"/settings.css\">\n</head>\n")
        .append("<body>\n<main>\n<h1>")
        .append(escape(title))
        .append("</h1>\n");
    for (String p : paragraphs) {
      s.append("<p>").append(escape(p)).append("</p>\n");
    }
    return s.append(
            "<p><a href=\"/\">Back to the settings page</a></p>\n</main>\n</body>\n</html>\n")
        .toString();
  }

  static String escape(String text) {
    StringBuilder s = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<':
          s.append("&lt;");
          break;
        case '>':
          s.append("&gt;");
          break;
        case '&':
          s.append("&amp;");
          break;
        case '"':
          s.append("&quot;");
          break;
        case '\'':
          s.append("&#39;");
          break;
        default:
          s.append(c);
      }
    }
    return s.toString();
  }
}
