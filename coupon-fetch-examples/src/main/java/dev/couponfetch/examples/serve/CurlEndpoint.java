package dev.couponfetch.examples.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /api/curl}, {@code {"config": {…}, "variables": {…}, "secrets": false}}: 200 and
 * {@code {"curl": "curl …"}}, the request the config would send ({@link
 * CouponSourceConfig#toCurl}), made without the network; 400 and the problems (as {@code
 * /api/fetch} gives them) for invalid input or a missing variable. The credentials are shown only
 * when {@code secrets} is {@code true}; the answer is never logged. Stateless.
 */
final class CurlEndpoint {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private CurlEndpoint() {}

  static boolean answer(String body, Response response, Callback callback) {
    String curl;
    try {
      boolean secrets = false;
      String rest = body;
      JsonNode root = readOrNull(body);
      if (root instanceof ObjectNode o && o.has("secrets")) {
        // The rest is ApiRequest's to read, with the same problems as /api/test.
        JsonNode s = o.remove("secrets");
        rest = o.toString();
        if (!s.isBoolean() && !s.isNull()) {
          List<String> problems = new ArrayList<>();
          problems.add("secrets: must be true or false");
          try {
            ApiRequest.parse(rest);
          } catch (CouponFetchException e) {
            problems.addAll(e.problems());
          }
          throw CouponFetchException.invalidConfig(problems);
        }
        secrets = s.asBoolean(false);
      }
      ApiRequest in = ApiRequest.parse(rest);
      curl = in.config().toCurl(in.variables(), secrets);
    } catch (CouponFetchException e) {
      return ReplyWriter.json(
          response, callback, HttpStatus.BAD_REQUEST_400, ApiEndpoints.failure(e).toString());
    } catch (IllegalArgumentException | StackOverflowError e) {
      return ReplyWriter.json(
          response,
          callback,
          HttpStatus.BAD_REQUEST_400,
          ApiEndpoints.failure(ApiEndpoints.callersFault(e)).toString());
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode().put("curl", curl);
    return ReplyWriter.json(response, callback, HttpStatus.OK_200, answer.toString());
  }

  /** {@code body} as JSON, or null when it is not (ApiRequest then says why). */
  private static JsonNode readOrNull(String body) {
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
