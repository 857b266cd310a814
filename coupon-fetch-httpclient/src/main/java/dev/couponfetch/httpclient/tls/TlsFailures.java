package dev.couponfetch.httpclient.tls;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Says in a few words why a TLS handshake failed, for failure messages. Stateless. */
public final class TlsFailures {
  private static final Pattern RECEIVED_ALERT = Pattern.compile("Received fatal alert: ([a-z_]+)");

  private TlsFailures() {}

  /**
   * Why the handshake with {@code host} failed: "certificate not trusted: PKIX path building
   * failed", "certificate does not match host localhost", "certificate expired", or the JDK's
   * innermost message. Never a stack trace; the JDK's messages name no secret.
   */
  public static String describe(SSLException e, String host) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        return "certificate expired (" + t.getMessage() + ")";
      }
      if (t instanceof CertificateNotYetValidException) {
        return "certificate not yet valid (" + t.getMessage() + ")";
      }
      if (t instanceof CertPathBuilderException) {
        return "certificate not trusted: PKIX path building failed (no trusted CA issued it; a"
            + " private CA can be added in tls.trustedCertificates)";
      }
      if (t instanceof CertPathValidatorException) {
        return "certificate not trusted: " + t.getMessage();
      }
      if (t instanceof SSLPeerUnverifiedException || mismatch(t.getMessage())) {
        return "certificate does not match host " + host;
      }
      root = t;
    }
    String alert = alert(e);
    if (alert != null) {
      return "the server refused the handshake (TLS alert " + alert + ")";
    }
    String m = root.getMessage();
    return "TLS handshake failed: "
        + (m == null || m.isBlank() ? root.getClass().getSimpleName() : m);
  }

  /**
   * The name of the alert the server sent ({@code certificate_required}, {@code bad_certificate},
   * {@code unknown_ca}...), from the JDK's "Received fatal alert: NAME" in {@code e}'s causes; null
   * when there is none.
   */
  static String alert(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Matcher m = t.getMessage() == null ? null : RECEIVED_ALERT.matcher(t.getMessage());
      if (m != null && m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  /** The JDK's endpoint identification failures ("No subject alternative DNS name matching"). */
  private static boolean mismatch(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("no subject alternative")
        || m.contains("no name matching")
        || m.contains("doesn't match any of the subject alternative names");
  }
}
