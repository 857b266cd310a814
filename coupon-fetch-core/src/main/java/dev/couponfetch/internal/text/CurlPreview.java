package dev.couponfetch.internal.text;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Secret;
import dev.couponfetch.SigningConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The request a config would send, as a {@link CurlCommand}, made without the network: the config's
 * request with the credentials that are plain request data ({@code BASIC}, {@code QUERY_STRING},
 * {@code HEADERS}; {@code DIGEST} as {@code --digest -u}). What only a live call makes stays
 * {@value Secret#MASK}, placed where it would go, with a trailing shell comment: an {@code OAUTH2}
 * or {@code SESSION} token ({@code # token: from a live call}), an {@code HMAC} signature with its
 * time and nonce ({@code # signature: from a live call}), a {@code CUSTOM} scheme's credentials.
 * Secrets are masked as a report masks them unless asked for. Stateless.
 */
public final class CurlPreview {
  private CurlPreview() {}

  /**
   * The command for {@code config} with {@code variables}.
   *
   * @param showSecrets whether credentials are shown as they would be sent; else masked
   * @throws dev.couponfetch.CouponFetchException {@code MISSING_VARIABLE} when a variable is
   *     missing
   */
  public static String of(
      CouponSourceConfig config, Map<String, String> variables, boolean showSecrets) {
    AuthConfig auth = config.auth();
    PreparedRequest req = config.prepareAuthenticated(variables);
    String options = "";
    String comment = null;
    switch (auth.type()) {
      case OAUTH2:
      case SESSION:
        req = auth.tokenPlacement().applyTo(req, Secret.MASK);
        comment = "token: from a live call";
        break;
      case HMAC:
        req = signed(req, auth.signing());
        comment = "signature: from a live call";
        break;
      case DIGEST:
        if (auth.username() != null && auth.password() != null) {
          String password = showSecrets ? auth.password().reveal() : Secret.MASK;
          options = " --digest -u " + CurlCommand.quote(auth.username() + ":" + password);
        }
        break;
      case CUSTOM:
        comment = "credentials: added by the " + auth.scheme() + " authenticator on a live call";
        break;
      default:
        break;
    }
    List<PreparedRequest.Header> headers = new ArrayList<>(req.headers());
    if (req.contentType() != null
        && headers.stream().noneMatch(h -> h.name().equalsIgnoreCase("Content-Type"))) {
      headers.add(new PreparedRequest.Header("Content-Type", req.contentType(), false));
    }
    String command;
    if (showSecrets) {
      command =
          CurlCommand.of(
              req.method().httpMethod(), req.uri().toString(), headers, req.bodyText(), true);
    } else {
      // As the transport shows the request in a report.
      Redactor redactor = Redactor.of(req, auth);
      List<PreparedRequest.Header> shown = new ArrayList<>();
      for (PreparedRequest.Header h : headers) {
        shown.add(redactor.header(h.name(), h.value(), h.sensitive()));
      }
      command =
          CurlCommand.of(
              req.method().httpMethod(),
              redactor.redact(req.displayUri()),
              shown,
              req.bodyText(),
              false);
    }
    return command + options + (comment == null ? "" : " # " + Printable.line(comment));
  }

  /** {@code req} with the signing headers, the signature, time and nonce masked. */
  private static PreparedRequest signed(PreparedRequest req, SigningConfig signing) {
    if (signing == null) {
      return req;
    }
    String prefix = signing.signaturePrefix() == null ? "" : signing.signaturePrefix();
    PreparedRequest r = req.withHeader(signing.signatureHeader(), prefix + Secret.MASK, true);
    if (signing.timestampHeader() != null) {
      r = r.withHeader(signing.timestampHeader(), Secret.MASK, false);
    }
    if (signing.nonceHeader() != null) {
      r = r.withHeader(signing.nonceHeader(), Secret.MASK, false);
    }
    if (signing.keyIdHeader() != null && signing.keyId() != null) {
      r = r.withHeader(signing.keyIdHeader(), signing.keyId(), false);
    }
    return r;
  }
}
