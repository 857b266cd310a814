package dev.couponfetch.httpclient;

import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Timeouts;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicHeader;

/** Turns a {@link PreparedRequest} into an HttpClient request. */
final class HttpRequests {
  private HttpRequests() {}

  static HttpUriRequestBase convert(PreparedRequest req, Timeouts timeouts, boolean digest) {
    HttpUriRequestBase request = new HttpUriRequestBase(req.method().httpMethod(), req.uri());
    for (PreparedRequest.Header h : req.headers()) {
      // Sensitive headers make DefaultRedirectStrategy refuse a redirect to another origin.
      request.addHeader(new BasicHeader(h.name(), h.value(), h.sensitive()));
    }
    byte[] body = req.body();
    if (body != null) {
      ContentType type =
          req.contentType() == null ? null : ContentType.parseLenient(req.contentType());
      request.setEntity(new ByteArrayEntity(body, type));
    }
    request.setConfig(ClientFactory.forRequest(timeouts, digest));
    return request;
  }
}
