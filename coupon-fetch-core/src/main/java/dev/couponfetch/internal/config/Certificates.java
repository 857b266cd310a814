package dev.couponfetch.internal.config;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Reads PEM certificates, for {@code tls.trustedCertificates}. Each {@code BEGIN CERTIFICATE} block
 * is checked here (END line, base64 text) before the JDK decodes it, so that a problem says which
 * certificate is wrong and how, rather than passing on the JDK's {@code java.io.IOException:
 * java.lang.IllegalArgumentException: Illegal base64 character 2a}. Stateless and thread-safe.
 */
public final class Certificates {
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private Certificates() {}

  /**
   * The X.509 certificates in {@code pem} (one or more {@code BEGIN CERTIFICATE} blocks; text
   * between blocks, such as {@code openssl}'s subject lines, is ignored).
   *
   * @throws IllegalArgumentException naming what is wrong, in words fit for a problem message
   */
  public static List<X509Certificate> parse(String pem) {
    if (!pem.contains(BEGIN)) {
      throw new IllegalArgumentException(
          "must hold PEM certificates (-----BEGIN CERTIFICATE----- blocks)");
    }
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    List<X509Certificate> certificates = new ArrayList<>();
    int from = 0;
    int begin;
    while ((begin = pem.indexOf(BEGIN, from)) >= 0) {
      String which = "certificate " + (certificates.size() + 1);
      int start = begin + BEGIN.length();
      int end = pem.indexOf(END, start);
      int next = pem.indexOf(BEGIN, start);
      if (end < 0 || (next >= 0 && next < end)) {
        throw new IllegalArgumentException(which + " has no " + END + " line");
      }
      byte[] der = decode(pem.substring(start, end), which);
      try {
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      } catch (CertificateException | RuntimeException e) {
        // The JDK's reason names its own classes and says nothing a merchant can act on.
        throw new IllegalArgumentException(
            which
                + " is not a readable X.509 certificate (its base64 text decodes to something"
                + " else; copy the whole block again)");
      }
      from = end + END.length();
    }
    return certificates;
  }

  /** The bytes of a block's base64 text (line breaks and spaces allowed). */
  private static byte[] decode(String body, String which) {
    StringBuilder base64 = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        continue;
      }
      if (!isBase64(c)) {
        throw new IllegalArgumentException(
            which
                + " holds "
                + shown(c)
                + ", which is not base64 (the text between the BEGIN and END lines may only"
                + " hold A-Z, a-z, 0-9, +, / and = at the end)");
      }
      base64.append(c);
    }
    if (base64.length() == 0) {
      throw new IllegalArgumentException(which + " is empty");
    }
    try {
      return Base64.getDecoder().decode(base64.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          which + " is cut short (its base64 text has a wrong length or padding)");
    }
  }

  private static boolean isBase64(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '=';
  }

  private static String shown(char c) {
    return c > ' ' && c < 0x7F
        ? "the character '" + c + "'"
        : String.format(Locale.ROOT, "the character U+%04X", (int) c);
  }

  static void check(String field, String pem, List<String> problems) {
    try {
      parse(pem);
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
    }
  }
}
