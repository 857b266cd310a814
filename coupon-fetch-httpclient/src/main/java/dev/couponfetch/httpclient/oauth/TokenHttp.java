package dev.couponfetch.httpclient.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Timings;
import dev.couponfetch.httpclient.internal.CredentialRequests;
import dev.couponfetch.httpclient.tls.TlsClients;
import dev.couponfetch.internal.text.Redactor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * Sends Nimbus' token requests through the fetcher's pooled HttpClient ({@link CredentialRequests}:
 * the config's timeouts, its extra trusted CAs and the client's network guard apply), never through
 * Nimbus' own {@code HttpURLConnection} sender, which follows redirects. Redirects are not
 * followed: a token endpoint that redirects is misconfigured, and the redirect would carry the
 * client's credentials. Thread-safe.
 */
final class TokenHttp {
  private final CredentialRequests http;

  TokenHttp(TlsClients clients, long maxBytes) {
    this.http =
        new CredentialRequests(
            clients::leaseForToken, "token response", maxBytes, Timings.Step.TOKEN_REQUEST);
  }

  /**
   * A token endpoint's answer, read in full (up to the size cap).
   *
   * @param timing where the token request's time went, or null
   */
  record Response(
      int status,
      List<PreparedRequest.Header> headers,
      String contentType,
      String body,
      Timings.Request timing) {
    Response(int status, List<PreparedRequest.Header> headers, String contentType, String body) {
      this(status, headers, contentType, body, null);
    }

    /**
     * The answer as Nimbus parses it. A JSON object sent as {@code text/plain} or {@code
     * text/javascript} (some older servers do) is read as JSON rather than refused.
     */
    HTTPResponse toNimbus() throws ParseException {
      HTTPResponse r = new HTTPResponse(status);
      for (PreparedRequest.Header h : headers) {
        if (!h.name().equalsIgnoreCase("Content-Type")) {
          r.setHeader(h.name(), h.value());
        }
      }
      boolean json =
          contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
      if (json || body.strip().startsWith("{")) {
        r.setContentType("application/json");
      } else if (contentType != null) {
        r.setContentType(contentType);
      }
      r.setBody(body);
      return r;
    }

    /** The answer as it may be shown: credential headers, tokens and known secrets masked. */
    Exchange.ReceivedResponse shown(Redactor redactor) {
      List<PreparedRequest.Header> shown = new ArrayList<>();
      for (PreparedRequest.Header h : headers) {
        shown.add(redactor.header(h.name(), h.value(), h.sensitive()));
      }
      return new Exchange.ReceivedResponse(status, shown, redactor.redact(body), false);
    }
  }

  /** The token request as it may be shown: credentials masked in the headers and the form. */
  static Exchange.SentRequest shown(HTTPRequest request, Redactor redactor) {
    List<PreparedRequest.Header> headers = new ArrayList<>();
    for (Map.Entry<String, List<String>> h : request.getHeaderMap().entrySet()) {
      for (String v : h.getValue()) {
        headers.add(redactor.header(h.getKey(), v, sensitive(h.getKey())));
      }
    }
    String raw = request.getBody() == null ? "" : request.getBody();
    String body = raw.startsWith("{") ? redactor.redactJsonRequest(raw) : redactor.redactForm(raw);
    return new Exchange.SentRequest(
        request.getMethod().name(), request.getURI().toString(), headers, body);
  }

  /**
   * Whether a token request header carries a credential: every one but {@code Accept} and {@code
   * Content-Type}, which Nimbus sets; the rest are {@code Authorization} and {@code
   * auth.tokenHeaders}, whose values are secrets.
   */
  static boolean sensitive(String name) {
    return !name.equalsIgnoreCase("Accept") && !name.equalsIgnoreCase("Content-Type");
  }

  /**
   * Sends the token request.
   *
   * @param shownUri its URL as the report shows it, for its timing
   */
  Response post(HTTPRequest nimbus, CouponSourceConfig config, String shownUri) throws IOException {
    HttpUriRequestBase request = new HttpUriRequestBase("POST", nimbus.getURI());
    String contentType = null;
    for (Map.Entry<String, List<String>> h : nimbus.getHeaderMap().entrySet()) {
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        contentType = h.getValue().get(0);
        continue;
      }
      boolean sensitive = sensitive(h.getKey());
      for (String v : h.getValue()) {
        request.addHeader(new BasicHeader(h.getKey(), v, sensitive));
      }
    }
    String body = nimbus.getBody() == null ? "" : nimbus.getBody();
    request.setEntity(
        new StringEntity(
            body,
            contentType == null
                ? org.apache.hc.core5.http.ContentType.APPLICATION_FORM_URLENCODED
                : org.apache.hc.core5.http.ContentType.parse(contentType)));
    CredentialRequests.Answer a = http.send(request, config, shownUri);
    return new Response(a.status(), a.headers(), a.contentType(), a.text(), a.timing());
  }
}
