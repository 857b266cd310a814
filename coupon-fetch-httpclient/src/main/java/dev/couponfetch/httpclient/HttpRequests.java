package dev.couponfetch.httpclient;

import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Timeouts;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;

/** Turns a {@link PreparedRequest} into an HttpClient request, blocking or async, alike. */
final class HttpRequests {
  private HttpRequests() {}

  static HttpUriRequestBase convert(PreparedRequest req, Timeouts timeouts, boolean digest) {
    HttpUriRequestBase request = new HttpUriRequestBase(req.method().httpMethod(), req.uri());
    for (PreparedRequest.Header h : req.headers()) {
      request.addHeader(header(h));
    }
    byte[] body = req.body();
    if (body != null) {
      request.setEntity(new ByteArrayEntity(body, contentType(req)));
    }
    request.setConfig(ClientFactory.forRequest(timeouts, digest));
    return request;
  }

  /** The async form; its request config goes into the exchange's context. */
  static AsyncRequestProducer producer(PreparedRequest req) {
    AsyncRequestBuilder b = AsyncRequestBuilder.create(req.method().httpMethod()).setUri(req.uri());
    for (PreparedRequest.Header h : req.headers()) {
      b.addHeader(header(h));
    }
    byte[] body = req.body();
    if (body != null) {
      b.setEntity(AsyncEntityProducers.create(body, contentType(req)));
    }
    return b.build();
  }

  /**
   * Sensitive headers make redirects to another origin refused and are masked in HttpClient's logs.
   */
  private static BasicHeader header(PreparedRequest.Header h) {
    return new BasicHeader(h.name(), h.value(), h.sensitive());
  }

  private static ContentType contentType(PreparedRequest req) {
    return req.contentType() == null ? null : ContentType.parseLenient(req.contentType());
  }
}
