package dev.couponfetch.internal.config;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads PEM certificates, for {@code tls.trustedCertificates}. Stateless and thread-safe. */
public final class Certificates {
  private Certificates() {}

  /**
   * The X.509 certificates in {@code pem} (one or more {@code BEGIN CERTIFICATE} blocks).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static List<X509Certificate> parse(String pem) {
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(
          "must hold PEM certificates (-----BEGIN CERTIFICATE----- blocks)");
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      Collection<? extends Certificate> read =
          factory.generateCertificates(
              new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate c : read) {
        certificates.add((X509Certificate) c);
      }
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("holds no certificate");
      }
      return certificates;
    } catch (CertificateException e) {
      throw new IllegalArgumentException("is not a readable PEM certificate: " + e.getMessage());
    }
  }

  static void check(String field, String pem, List<String> problems) {
    try {
      parse(pem);
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
    }
  }
}
