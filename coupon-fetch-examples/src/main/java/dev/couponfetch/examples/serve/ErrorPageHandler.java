package dev.couponfetch.examples.serve;

import java.util.Locale;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty writes itself (a request its parser refuses, headers over the limit, a failure
 * no handler caught): the same security headers as every other answer, and a one-line body, JSON
 * {@code {"error": …}} under {@code /api/}, plain text elsewhere, naming the status and never an
 * exception or the request. Set with {@link org.eclipse.jetty.server.Server#setErrorHandler}.
 * Stateless.
 */
final class ErrorPageHandler implements Request.Handler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    Object cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
    if (cause instanceof HttpException) {
      status = ((HttpException) cause).getCode();
    }
    if (status < 400 || status > 599) {
      status = HttpStatus.INTERNAL_SERVER_ERROR_500;
    }
    String message = HttpStatus.getMessage(status).toLowerCase(Locale.ROOT);
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
    return path != null && path.startsWith("/api/")
        ? ReplyWriter.error(response, callback, status, message)
        : ReplyWriter.text(response, callback, status, message + "\n");
  }
}
