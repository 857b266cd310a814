package dev.couponfetch.httpclient.tls;

import dev.couponfetch.AuthType;
import dev.couponfetch.ClientAuthMethod;
import dev.couponfetch.ClientCertificate;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.Reason;
import dev.couponfetch.internal.config.ClientCertificates;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Explains a failed TLS connection by the client certificate: the endpoint asked for one and the
 * config has none, it does not trust ours, ours expired or is not valid yet. Such failures reach
 * the fetcher as a TLS alert, or with TLS 1.3 often as a connection closed while the request was
 * written (the alert lost): then one handshake with the config's TLS settings asks the server again
 * ({@link HandshakeProbe}). The result is {@code TLS_FAILED}, not retryable, with a message and a
 * hint that say what to change. Thread-safe.
 */
public final class ClientCertificateDiagnosis {
  /** Alerts a server sends about the client certificate (or its absence). */
  private static final Set<String> CERTIFICATE_ALERTS =
      Set.of(
          "certificate_required",
          "bad_certificate",
          "unknown_ca",
          "certificate_unknown",
          "certificate_expired",
          "certificate_revoked",
          "unsupported_certificate",
          "access_denied");

  private static final Set<String> ASKED_FOR_ONE =
      Set.of("certificate_required", "bad_certificate");
  private static final Pattern ALERT = Pattern.compile("TLS alert ([a-z_]+)");
  private static final Pattern ORIGIN =
      Pattern.compile("^(https)://(\\[[^\\]]*\\]|[^/:?#]+)(?::(\\d+))?", Pattern.CASE_INSENSITIVE);

  private final DnsResolver dns;
  private final Clock clock;

  /** Probes through {@code dns}: the fetcher's guarded resolver. */
  public ClientCertificateDiagnosis(DnsResolver dns, Clock clock) {
    this.dns = Objects.requireNonNull(dns, "dns == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Whether {@link #explain} may change {@code e}: a TLS failure, or a connection closed early, on
   * an https URL. Cheap: no I/O.
   */
  public boolean applies(CouponFetchException e, CouponSourceConfig config) {
    if (e.reason() == Reason.TLS_FAILED) {
      return !isAboutServerCertificate(e.getMessage());
    }
    return e.reason() == Reason.CONNECT_FAILED
        && url(e, config) != null
        && !e.getMessage().startsWith("Could not connect")
        && !e.getMessage().startsWith("Unknown host");
  }

  /**
   * {@code e} explained by the client certificate, or {@code e} itself when the certificate is not
   * why it failed. May do one TLS handshake with the server (blocking, bounded by the config's
   * connect timeout plus {@link HandshakeProbe#MAX_WAIT}).
   */
  public CouponFetchException explain(CouponFetchException e, CouponSourceConfig config) {
    if (!applies(e, config)) {
      return e;
    }
    Matcher m = ORIGIN.matcher(String.valueOf(url(e, config)));
    if (!m.find()) {
      return e;
    }
    boolean token = isTokenRequest(e);
    ClientCertificate presented =
        !token || tlsClientAuth(config) ? config.clientCertificate() : null;
    ClientCertificates.Loaded loaded;
    try {
      loaded = presented == null ? null : ClientCertificates.load(presented);
    } catch (IllegalArgumentException bad) {
      return e; // the config was checked when built; nothing to add
    }
    String host = m.group(2);
    int port = m.group(3) == null ? 443 : Integer.parseInt(m.group(3));
    String alert = alertIn(e.getMessage());
    if (alert == null) {
      String pem = config.trustedCertificatesPem();
      alert =
          HandshakeProbe.verdict(
              pem == null || pem.isBlank() ? null : pem,
              loaded,
              dns,
              host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
              port,
              config.timeouts().connect());
    }
    if (alert == null
        || !(CERTIFICATE_ALERTS.contains(alert) || alert.equals(HandshakeProbe.CLOSED))) {
      return e;
    }
    // How the server said it, for the message.
    String said =
        !alert.equals(HandshakeProbe.CLOSED)
            ? "TLS alert " + alert
            : loaded == null
                ? "it asked for one, then closed the connection"
                : "the server closed the connection on receiving it";
    String where =
        "The TLS connection to "
            + (token ? "the token endpoint " + config.auth().tokenUrl() : host + ":" + port)
            + " failed: ";
    String what;
    String hint;
    if (loaded == null) {
      if (!ASKED_FOR_ONE.contains(alert) && !alert.equals(HandshakeProbe.CLOSED)) {
        return e;
      }
      what =
          (token ? "the token endpoint" : "the endpoint")
              + " asked for a client certificate and none was presented ("
              + said
              + ")";
      hint =
          !token
              ? "The endpoint asked for a client certificate: add tls.clientCertificate and"
                  + " tls.clientKey (or tls.clientKeystore and tls.clientKeystorePassword)."
              : config.clientCertificate() != null
                  ? "The token endpoint asked for a client certificate: set auth.clientAuth to"
                      + " TLS_CLIENT_AUTH to present tls.clientCertificate there too."
                  : "The token endpoint asked for a client certificate: add"
                      + " tls.clientCertificate and tls.clientKey and set auth.clientAuth to"
                      + " TLS_CLIENT_AUTH.";
    } else {
      X509Certificate leaf = loaded.leaf();
      Instant now = clock.instant();
      String subject = ClientCertificates.subject(leaf);
      if (now.isAfter(leaf.getNotAfter().toInstant())) {
        what =
            "your client certificate expired on "
                + leaf.getNotAfter().toInstant()
                + " ("
                + subject
                + "; "
                + said
                + ")";
        hint =
            "Your client certificate expired on "
                + leaf.getNotAfter().toInstant()
                + ": get a new one from the merchant (or renew it) and update"
                + " tls.clientCertificate and tls.clientKey.";
      } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
        what =
            "your client certificate is valid only from "
                + leaf.getNotBefore().toInstant()
                + " ("
                + subject
                + "; "
                + said
                + ")";
        hint =
            "Your client certificate is not valid yet (from "
                + leaf.getNotBefore().toInstant()
                + "): wait, or check this machine's clock.";
      } else {
        what =
            (token ? "the token endpoint" : "the endpoint")
                + " did not accept the client certificate "
                + subject
                + " issued by "
                + leaf.getIssuerX500Principal().getName()
                + " ("
                + said
                + ")";
        hint =
            "The server does not trust this client certificate: it was issued by a CA the server"
                + " does not accept, or is not the one registered with it. Ask the merchant which"
                + " CA it trusts and use a certificate issued by it in tls.clientCertificate and"
                + " tls.clientKey.";
      }
    }
    CouponFetchException.Builder b =
        CouponFetchException.builder(Reason.TLS_FAILED, where + what)
            .retryable(false)
            .hint(hint)
            .exchange(e.exchange().orElse(null))
            .tokenExchange(e.tokenExchange().orElse(null))
            .tokenNote(e.tokenNote().orElse(null));
    if (e.getCause() != null) {
      b.cause(e.getCause());
    }
    return b.build();
  }

  private static boolean isTokenRequest(CouponFetchException e) {
    return e.tokenExchange().isPresent() && e.exchange().isEmpty();
  }

  private static boolean tlsClientAuth(CouponSourceConfig config) {
    return config.auth().type() == AuthType.OAUTH2
        && config.auth().clientAuthOrNull() == ClientAuthMethod.TLS_CLIENT_AUTH;
  }

  /** The https URL that failed: the token URL, the request's (after redirects), the endpoint's. */
  private static String url(CouponFetchException e, CouponSourceConfig config) {
    String url =
        isTokenRequest(e)
            ? config.auth().tokenUrl()
            : e.exchange().map(Exchange::request).map(Exchange.SentRequest::uri).orElse(null);
    if (url == null) {
      url = config.endpoint();
    }
    return url != null && url.regionMatches(true, 0, "https://", 0, 8) ? url : null;
  }

  private static String alertIn(String message) {
    Matcher m = ALERT.matcher(message);
    return m.find() ? m.group(1) : null;
  }

  /** TlsFailures' descriptions of the server's certificate: not ours to explain. */
  private static boolean isAboutServerCertificate(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("certificate not trusted")
        || m.contains("certificate does not match host")
        || m.contains("failed: certificate expired")
        || m.contains("failed: certificate not yet valid");
  }
}
