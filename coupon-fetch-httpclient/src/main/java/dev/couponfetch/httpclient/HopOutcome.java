package dev.couponfetch.httpclient;

import java.io.IOException;
import org.apache.hc.core5.http.HttpResponse;

/**
 * What came of sending one request: its head and body, or the I/O failure and the head if one
 * arrived. A redirect that is followed has no body.
 *
 * @param head the status line and headers, or null when none arrived
 * @param body the body as read, or null (a failure, a redirect that is followed)
 * @param error the failure, or null
 */
record HopOutcome(HttpResponse head, ResponseReader.Body body, IOException error) {
  static HopOutcome response(HttpResponse head, ResponseReader.Body body) {
    return new HopOutcome(head, body, null);
  }

  static HopOutcome failed(IOException error, HttpResponse head) {
    return new HopOutcome(head, null, error);
  }
}
