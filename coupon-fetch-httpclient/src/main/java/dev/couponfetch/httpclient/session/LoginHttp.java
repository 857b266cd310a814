package dev.couponfetch.httpclient.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.LoginConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.Secret;
import dev.couponfetch.Timings;
import dev.couponfetch.httpclient.internal.CredentialRequests;
import dev.couponfetch.httpclient.tls.TlsClients;
import dev.couponfetch.internal.config.ConfigJson;
import dev.couponfetch.internal.text.Redactor;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * Sends a {@code SESSION} login through the fetcher's pooled HttpClient for the config (its network
 * guard, extra trusted CAs and timeouts apply, as for token URLs). A redirect is never followed:
 * the login's credentials go to {@code auth.login.url} and nowhere else, and a web login that
 * answers {@code 302} with {@code Set-Cookie} is read as it is. The whole request is cut at the
 * config's connect plus response timeout ({@link CredentialRequests}). Thread-safe.
 */
final class LoginHttp {
  private final CredentialRequests http;

  LoginHttp(TlsClients clients, long maxBytes) {
    this.http =
        new CredentialRequests(clients::lease, "login response", maxBytes, Timings.Step.LOGIN);
  }

  /**
   * A login's answer, read in full (up to the size cap).
   *
   * @param timing where the login's time went, or null
   */
  record Response(
      int status,
      List<PreparedRequest.Header> headers,
      byte[] body,
      Charset charset,
      Timings.Request timing) {
    String text() {
      return new String(body, charset);
    }

    /** The answer as it may be shown: credential headers, the token and known secrets masked. */
    Exchange.ReceivedResponse shown(Redactor redactor, String tokenHeader) {
      List<PreparedRequest.Header> shown = new ArrayList<>();
      for (PreparedRequest.Header h : headers) {
        boolean token = tokenHeader != null && tokenHeader.equalsIgnoreCase(h.name());
        shown.add(redactor.header(h.name(), h.value(), token || h.sensitive()));
      }
      return new Exchange.ReceivedResponse(status, shown, redactor.redact(text()), false);
    }
  }

  /** The body of the login request: the payload as JSON or as a form. */
  static String body(LoginConfig login) {
    JsonNode payload = login.payload();
    if (login.method() == RequestMethod.POST_FORM) {
      StringBuilder form = new StringBuilder();
      for (Map.Entry<String, JsonNode> e : payload.properties()) {
        form.append(form.length() == 0 ? "" : "&");
        form.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=');
        form.append(URLEncoder.encode(e.getValue().asText(), StandardCharsets.UTF_8));
      }
      return form.toString();
    }
    try {
      return ConfigJson.mapper().writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e); // cannot happen
    }
  }

  private static ContentType contentType(LoginConfig login) {
    return login.method() == RequestMethod.POST_FORM
        ? ContentType.APPLICATION_FORM_URLENCODED.withCharset(StandardCharsets.UTF_8)
        : ContentType.APPLICATION_JSON;
  }

  /** The login request as it may be shown: header values and the payload's strings masked. */
  static Exchange.SentRequest shown(LoginConfig login, String body, Redactor redactor) {
    List<PreparedRequest.Header> headers = new ArrayList<>();
    headers.add(new PreparedRequest.Header("Content-Type", contentType(login).toString(), false));
    headers.add(new PreparedRequest.Header("Accept", accept(login), false));
    login
        .headers()
        .forEach((n, v) -> headers.add(new PreparedRequest.Header(n, Secret.MASK, true)));
    String shownBody =
        login.method() == RequestMethod.POST_FORM
            ? redactor.redactForm(body)
            : redactor.redact(body);
    return new Exchange.SentRequest("POST", redactor.redactUrl(login.url()), headers, shownBody);
  }

  private static String accept(LoginConfig login) {
    return login.tokenFrom() == LoginConfig.TokenFrom.BODY
        ? "application/json"
        : "application/json, text/html;q=0.9, */*;q=0.8";
  }

  /**
   * Sends the login.
   *
   * @param shownUri its URL as the report shows it, for its timing
   */
  Response post(CouponSourceConfig config, String body, String shownUri) throws IOException {
    LoginConfig login = config.auth().login();
    HttpPost request = new HttpPost(login.url());
    request.addHeader(new BasicHeader("Accept", accept(login)));
    login.headers().forEach((n, v) -> request.addHeader(new BasicHeader(n, v.reveal(), true)));
    request.setEntity(new StringEntity(body, contentType(login)));
    CredentialRequests.Answer a = http.send(request, config, shownUri);
    return new Response(a.status(), a.headers(), a.body(), a.charset(), a.timing());
  }
}
