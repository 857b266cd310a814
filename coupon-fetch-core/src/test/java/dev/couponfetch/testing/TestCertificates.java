package dev.couponfetch.testing;

/** A self-signed test CA certificate (EC P-256, valid until 2126), for configs that need PEM. */
public final class TestCertificates {
  /** The certificate as one PEM block. */
  public static final String CA_PEM =
      """
      -----BEGIN CERTIFICATE-----
      MIIBTTCB9KADAgECAghlAs3CeOeBFTAKBggqhkjOPQQDAjASMRAwDgYDVQQDEwdU
      ZXN0IENBMCAXDTI2MTEyNTIwNTgwOFoYDzIxMjYxMTAxMjA1ODA4WjASMRAwDgYD
      VQQDEwdUZXN0IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE0k9CoLw0/ya7
      sfqZB8y412JjoNfnxh9StjYg0VmuM3VfpkyGNDXKQBWE/nFBiBQWXFQF3Vz1SfBG
      f29CBs3qpKMyMDAwHQYDVR0OBBYEFO6KDPld+WahA9K6wcRuMOPno8h7MA8GA1Ud
      EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAOWFssLdfLPNtjKPqsQQ17qN
      zs00ezH9P0+fLd1bGfctAiAitAcs6VaTBkEYKI0Bd+4Tc4CHqLHxMwnn8WZ/9jGT
      ZA==
      -----END CERTIFICATE-----
      """;

  private TestCertificates() {}
}
