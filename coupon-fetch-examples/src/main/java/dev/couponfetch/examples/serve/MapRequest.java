package dev.couponfetch.examples.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.Secret;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /api/map}, {@code {"config": {…}, "previous": {…}, "variables": {…}}}:
 * the config and variables read as {@link ApiRequest} reads them, and from {@code previous} (a
 * {@code /api/test} answer, as the page received it) the {@code request} and {@code response} it
 * showed and its {@code receivedAt}. The rest of {@code previous} (its coupons, its verdict) is not
 * read: the re-mapping decides those again.
 *
 * @param request the previous request as it was shown, or null when {@code previous} has none
 */
record MapRequest(
    ApiRequest api,
    Exchange.SentRequest request,
    Exchange.ReceivedResponse response,
    Instant receivedAt) {
  private static final List<String> FIELDS = List.of("config", "previous", "variables");
  private static final String SHAPE =
      "{\"config\": {…}, \"previous\": <the /api/test answer>, \"variables\": {…}}";
  // Shown masked even when the page sends them back unmasked.
  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The previous exchange, when the previous request is known. */
  Exchange exchange() {
    return request == null ? null : new Exchange(request, response);
  }

  /**
   * The request {@code body} describes.
   *
   * @throws CouponFetchException {@link Reason#INVALID_CONFIG} listing every problem
   */
  static MapRequest parse(String body) {
    List<String> problems = new ArrayList<>();
    ApiRequest api = null;
    try {
      api = ApiRequest.parse(body, FIELDS, SHAPE);
    } catch (CouponFetchException e) {
      if (e.reason() != Reason.INVALID_CONFIG) {
        throw e;
      }
      problems.addAll(e.problems());
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw CouponFetchException.invalidConfig(problems); // ApiRequest said why
    }
    if (root == null || !root.isObject()) {
      throw CouponFetchException.invalidConfig(problems);
    }
    Previous previous = new Previous(problems);
    previous.read(root.get("previous"), api == null ? Set.of() : authHeaders(api));
    if (!problems.isEmpty()) {
      throw CouponFetchException.invalidConfig(problems);
    }
    return new MapRequest(api, previous.request, previous.response, previous.receivedAt);
  }

  private static Set<String> authHeaders(ApiRequest api) {
    Set<String> names = new HashSet<>(CREDENTIAL_HEADERS);
    api.config().auth().headers().keySet().forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
    return names;
  }

  /** Reads {@code previous}, adding a problem for each part that is wrong. */
  private static final class Previous {
    private final List<String> problems;
    Exchange.SentRequest request;
    Exchange.ReceivedResponse response;
    Instant receivedAt;

    Previous(List<String> problems) {
      this.problems = problems;
    }

    void read(JsonNode previous, Set<String> sensitive) {
      if (previous == null || previous.isNull()) {
        problems.add("previous: is required; send the /api/test answer to re-map");
        return;
      }
      if (!previous.isObject()) {
        problems.add("previous: must be a JSON object (the /api/test answer)");
        return;
      }
      JsonNode r = previous.get("response");
      if (r == null || r.isNull()) {
        problems.add(
            "previous.response: is missing: the previous test received no response to re-map;"
                + " run a live test");
      } else if (!r.isObject()) {
        problems.add("previous.response: must be a JSON object");
      } else {
        response = response(r);
      }
      JsonNode at = previous.get("receivedAt");
      if (at == null || at.isNull()) {
        problems.add("previous.receivedAt: is required (the /api/test answer's own)");
      } else {
        try {
          receivedAt = Instant.parse(at.asText());
        } catch (DateTimeParseException e) {
          problems.add("previous.receivedAt: must be an instant such as 2026-12-07T03:20:00Z");
        }
      }
      JsonNode q = previous.get("request");
      if (q != null && !q.isNull() && response != null) {
        request = request(q, sensitive);
      }
    }

    private Exchange.ReceivedResponse response(JsonNode r) {
      JsonNode status = r.get("status");
      boolean ok = true;
      if (status == null || !status.isInt() || status.intValue() < 100 || status.intValue() > 999) {
        problems.add("previous.response.status: must be an HTTP status (a number, 100 to 999)");
        ok = false;
      }
      JsonNode body = r.get("body");
      if (body == null || !body.isTextual()) {
        problems.add("previous.response.body: must be the body as a string");
        ok = false;
      }
      JsonNode truncated = r.get("truncated");
      if (truncated != null && !truncated.isNull() && !truncated.isBoolean()) {
        problems.add("previous.response.truncated: must be true or false");
        ok = false;
      }
      List<PreparedRequest.Header> headers = headers(r.get("headers"), "response", Set.of());
      if (!ok || headers == null) {
        return null;
      }
      return new Exchange.ReceivedResponse(
          status.intValue(), headers, body.textValue(), truncated != null && truncated.asBoolean());
    }

    private Exchange.SentRequest request(JsonNode q, Set<String> sensitive) {
      if (!q.isObject()) {
        problems.add("previous.request: must be a JSON object");
        return null;
      }
      String method = text(q, "method");
      String uri = text(q, "uri");
      JsonNode body = q.get("body");
      if (body != null && !body.isNull() && !body.isTextual()) {
        problems.add("previous.request.body: must be a string");
        return null;
      }
      List<PreparedRequest.Header> headers = headers(q.get("headers"), "request", sensitive);
      if (method == null || uri == null || headers == null) {
        return null;
      }
      return new Exchange.SentRequest(
          method, uri, headers, body == null || body.isNull() ? "" : body.textValue());
    }

    private String text(JsonNode q, String field) {
      JsonNode v = q.get(field);
      if (v == null || !v.isTextual()) {
        problems.add("previous.request." + field + ": must be a string");
        return null;
      }
      return v.textValue();
    }

    private List<PreparedRequest.Header> headers(
        JsonNode node, String where, Set<String> sensitive) {
      List<PreparedRequest.Header> headers = new ArrayList<>();
      if (node == null || node.isNull()) {
        return headers;
      }
      if (!node.isObject()) {
        problems.add("previous." + where + ".headers: must be a JSON object of names and values");
        return null;
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getValue().isTextual()) {
          problems.add("previous." + where + ".headers." + e.getKey() + ": must be a string");
          return null;
        }
        String value = e.getValue().textValue();
        if (sensitive.contains(e.getKey().toLowerCase(Locale.ROOT))) {
          // Masked as a report shows it: an authorization scheme stays ("Basic ****").
          int space = value.indexOf(' ');
          value = space < 0 ? Secret.MASK : value.substring(0, space) + " " + Secret.MASK;
        }
        headers.add(new PreparedRequest.Header(e.getKey(), value, false));
      }
      return headers;
    }
  }
}
