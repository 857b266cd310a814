package dev.couponfetch.examples.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.TestReport;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/test}, {@code POST /api/map} and {@code POST /api/fetch}, on the request's
 * thread (a fetch blocks it for at most the config's timeouts). Thread-safe: the fetcher is.
 */
final class ApiEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(ApiEndpoints.class);

  private final CouponFetcher fetcher;
  private final ConfigurationTester tester;

  ApiEndpoints(CouponFetcher fetcher) {
    this.fetcher = fetcher;
    this.tester = new ConfigurationTester(fetcher);
  }

  /** 200 with the test report of a valid config, working or not; 400 with the problems. */
  boolean test(String body, Response response, Callback callback) {
    return report(
        response,
        callback,
        () -> {
          ApiRequest in = ApiRequest.parse(body);
          return tester.test(in.config(), in.variables());
        });
  }

  /**
   * {@code POST /api/map}: 200 with the report of the previous test's response mapped again with
   * the config ({@link ConfigurationTester#remap}, never a call to the endpoint); 400 with the
   * problems.
   */
  boolean map(String body, Response response, Callback callback) {
    return report(
        response,
        callback,
        () -> {
          MapRequest in = MapRequest.parse(body);
          CouponSourceConfig config = in.api().config();
          return in.exchange() != null
              ? tester.remap(config, in.exchange(), in.receivedAt(), in.api().variables())
              : tester.remap(config, in.response(), in.receivedAt());
        });
  }

  /** 200 with the report {@code make} gives; 400 with the problems of invalid input. */
  private static boolean report(Response response, Callback callback, Supplier<TestReport> make) {
    TestReport report;
    try {
      report = make.get();
    } catch (CouponFetchException e) {
      return ReplyWriter.json(
          response, callback, HttpStatus.BAD_REQUEST_400, TestReport.failure(e).toJson());
    } catch (IllegalArgumentException | StackOverflowError e) {
      return ReplyWriter.json(
          response,
          callback,
          HttpStatus.BAD_REQUEST_400,
          TestReport.failure(callersFault(e)).toJson());
    }
    return ReplyWriter.json(response, callback, HttpStatus.OK_200, report.toJson());
  }

  /** 200 with every coupon; 400 for the caller's fault, 502 for the endpoint's or OAuth2's. */
  boolean fetch(String body, Response response, Callback callback) {
    CouponBatch batch;
    try {
      ApiRequest in = ApiRequest.parse(body);
      batch = fetcher.fetch(in.config(), in.variables());
    } catch (CouponFetchException e) {
      boolean callers =
          e.reason() == Reason.INVALID_CONFIG || e.reason() == Reason.MISSING_VARIABLE;
      int status = callers ? HttpStatus.BAD_REQUEST_400 : HttpStatus.BAD_GATEWAY_502;
      return ReplyWriter.json(response, callback, status, failure(e).toString());
    } catch (IllegalArgumentException | StackOverflowError e) {
      return ReplyWriter.json(
          response, callback, HttpStatus.BAD_REQUEST_400, failure(callersFault(e)).toString());
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode coupons = root.putArray("coupons");
    for (Coupon c : batch.coupons()) {
      ObjectNode o = coupons.addObject().put("code", c.code());
      c.expiry().ifPresent(x -> o.put("expiresAt", x.toString()));
    }
    root.put("status", batch.status());
    root.put("elapsedMs", batch.elapsed().toMillis());
    ArrayNode warnings = root.putArray("warnings");
    batch.warnings().forEach(warnings::add);
    return ReplyWriter.json(response, callback, HttpStatus.OK_200, root.toString());
  }

  /** A failed fetch: the exception's own words, which never hold a secret. */
  static ObjectNode failure(CouponFetchException e) {
    Reason reason = e.reason();
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("reason", reason.name());
    root.put("message", e.getMessage());
    root.put("explanation", e.explanation());
    root.put("hint", e.hint());
    root.put("retryable", e.retryable());
    e.status().ifPresent(s -> root.put("status", s));
    e.retryAt().ifPresent(at -> root.put("retryAt", at.toString()));
    ArrayNode problems = root.putArray("problems");
    e.problems().forEach(problems::add);
    return root;
  }

  /**
   * What a config that passed validation and still made the library throw gets: the caller's input
   * is at fault (a value out of range, such as a port over 65535 once variables are filled in, or
   * something nested thousands deep), not the server, so a 400 and a problem line rather than a
   * 500. The exception's own message is not shown: it may quote a value, and a value may be a
   * secret.
   */
  static CouponFetchException callersFault(Throwable e) {
    LOG.warn("a config that passed validation failed with {}", e.getClass().getName());
    String problem =
        e instanceof StackOverflowError
            ? "config: is nested too deeply to use (a path or a value thousands of levels deep);"
                + " make it shallower"
            : "config: cannot be used as given: a value is out of range (check the URLs, their"
                + " ports from 1 to 65535, and the values the variables fill in)";
    return CouponFetchException.invalidConfig(List.of(problem));
  }
}
