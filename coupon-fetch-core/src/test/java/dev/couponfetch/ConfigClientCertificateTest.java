package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The client certificate of a config ({@code tls.clientCertificate} and {@code tls.clientKey}, or
 * {@code tls.clientKeystore} and its password): read, checked by field when built, written back,
 * and never printed. The PEM files are test resources made with openssl (valid until 2125; one
 * expired in 2021).
 */
class ConfigClientCertificateTest {
  static final String EC_CERT = text("ec-client.crt");
  static final String EC_KEY = text("ec-client.key");
  static final String P12_PASSWORD = "p12-s3cret";

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.US_ASCII);
  }

  static byte[] bytes(String name) {
    try (InputStream in = ConfigClientCertificateTest.class.getResourceAsStream("/mtls/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CouponSourceConfig.Builder base() {
    return CouponSourceConfig.builder("https://api.example/coupons");
  }

  private static CouponFetchException failure(CouponSourceConfig.Builder b) {
    CouponFetchException e = catchThrowableOfType(CouponFetchException.class, b::build);
    assertThat(e).as("build() must fail").isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
    return e;
  }

  private static String keyBody(String pem) {
    return pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
  }

  @Test
  void build_pemEcRsaPkcs1AndSec1Keys_accepted() {
    assertThat(base().clientCertificate(ClientCertificate.pem(EC_CERT, EC_KEY)).build())
        .isNotNull();
    String rsa = text("rsa-client.crt");
    base().clientCertificate(ClientCertificate.pem(rsa, text("rsa-client.key"))).build();
    base().clientCertificate(ClientCertificate.pem(rsa, text("rsa-client-pkcs1.key"))).build();
    base().clientCertificate(ClientCertificate.pem(EC_CERT, text("ec-client-sec1.key"))).build();
  }

  @Test
  void build_pkcs12_acceptedAsBytesAndAsBase64() {
    byte[] p12 = bytes("ec-client.p12");
    CouponSourceConfig a =
        base().clientCertificate(ClientCertificate.pkcs12(p12, P12_PASSWORD)).build();
    CouponSourceConfig b =
        base()
            .clientCertificate(
                ClientCertificate.pkcs12(Base64.getEncoder().encodeToString(p12), P12_PASSWORD))
            .build();
    assertThat(a).isEqualTo(b);
    assertThat(a.clientCertificate().isPkcs12()).isTrue();
  }

  @Test
  void build_expiredCertificate_isNotAProblem() {
    // The server judges validity by its own clock; a failed handshake explains it.
    assertThat(
            base()
                .clientCertificate(
                    ClientCertificate.pem(text("expired-client.crt"), text("expired-client.key")))
                .build()
                .clientCertificate())
        .isNotNull();
  }

  @Test
  void build_keyOfAnotherCertificate_problemNamesClientKey() {
    CouponFetchException e =
        failure(base().clientCertificate(ClientCertificate.pem(EC_CERT, text("other-ec.key"))));
    assertThat(e.problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("tls.clientKey: the private key does not belong to the certificate")
        .contains("CN=coupon-fetch test client EC");
    // An RSA key for an EC certificate does not belong either.
    assertThat(
            failure(
                    base()
                        .clientCertificate(ClientCertificate.pem(EC_CERT, text("rsa-client.key"))))
                .problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("tls.clientKey: the private key does not belong");
  }

  @Test
  void build_unreadableCertificateOrKey_problemNamesTheField() {
    assertThat(
            failure(base().clientCertificate(ClientCertificate.pem("not a cert", EC_KEY)))
                .problems())
        .containsExactly(
            "tls.clientCertificate: must hold PEM certificates (-----BEGIN CERTIFICATE----- blocks)");
    String broken = EC_KEY.replace(keyBody(EC_KEY), "*" + keyBody(EC_KEY).substring(1));
    assertThat(failure(base().clientCertificate(ClientCertificate.pem(EC_CERT, broken))).problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("tls.clientKey: is not valid PEM");
    assertThat(
            failure(
                    base()
                        .clientCertificate(
                            ClientCertificate.pem(
                                EC_CERT,
                                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
                                    + "-----END ENCRYPTED PRIVATE KEY-----")))
                .problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("tls.clientKey: is encrypted");
    assertThat(
            failure(base().clientCertificate(ClientCertificate.pem(EC_CERT, EC_CERT))).problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("tls.clientKey: holds a 'CERTIFICATE' block");
  }

  @Test
  void build_pkcs12WrongPasswordNoKeyOrGarbage_problemNamesTheField() {
    byte[] p12 = bytes("ec-client.p12");
    assertThat(failure(base().clientCertificate(ClientCertificate.pkcs12(p12, "wrong"))).problems())
        .containsExactly(
            "tls.clientKeystorePassword: is wrong (the PKCS#12 keystore does not open with it)");
    assertThat(
            failure(
                    base()
                        .clientCertificate(
                            ClientCertificate.pkcs12(bytes("certs-only.p12"), P12_PASSWORD)))
                .problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("tls.clientKeystore: holds no private key");
    assertThat(
            failure(base().clientCertificate(ClientCertificate.pkcs12("%%%", P12_PASSWORD)))
                .problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("tls.clientKeystore: is not base64");
    assertThat(
            failure(
                    base()
                        .clientCertificate(
                            ClientCertificate.pkcs12(new byte[] {1, 2, 3}, P12_PASSWORD)))
                .problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("tls.clientKeystore: is not a readable PKCS#12 keystore");
  }

  @Test
  void build_httpEndpoint_problem() {
    assertThat(
            failure(
                    CouponSourceConfig.builder("http://api.example/coupons")
                        .clientCertificate(ClientCertificate.pem(EC_CERT, EC_KEY)))
                .problems())
        .containsExactly(
            "tls.clientCertificate: a client certificate needs an https endpoint (the endpoint is"
                + " http)");
  }

  @Test
  void build_tlsClientAuthWithoutCertificate_problem() {
    AuthConfig auth =
        AuthConfig.oauth2ClientCredentials("https://auth.example/token", "shop", "s3cret-client")
            .toBuilder()
            .clientAuth(ClientAuthMethod.TLS_CLIENT_AUTH)
            .build();
    assertThat(failure(base().auth(auth)).problems())
        .anySatisfy(p -> assertThat(p).startsWith("auth.clientAuth: TLS_CLIENT_AUTH presents"));
  }

  @Test
  void json_pemAndPkcs12_readBackEqual_andMaskedJsonHidesSecrets() throws IOException {
    CouponSourceConfig pem =
        base().clientCertificate(ClientCertificate.pem(EC_CERT, EC_KEY)).build();
    assertThat(CouponSourceConfig.fromJson(pem.toJson())).isEqualTo(pem);
    assertThat(pem.toJson()).contains("\"clientCertificate\"").contains("\"clientKey\"");
    assertThat(pem.toMaskedJson())
        .containsPattern("\"clientKey\": ?\"\\*\\*\\*\\*\"")
        .doesNotContain(keyBody(EC_KEY));

    byte[] p12 = bytes("ec-client.p12");
    CouponSourceConfig pkcs12 =
        base().clientCertificate(ClientCertificate.pkcs12(p12, P12_PASSWORD)).build();
    assertThat(CouponSourceConfig.fromJson(pkcs12.toJson())).isEqualTo(pkcs12);
    assertThat(pkcs12.toMaskedJson())
        .containsPattern("\"clientKeystore\": ?\"\\*\\*\\*\\*\"")
        .containsPattern("\"clientKeystorePassword\": ?\"\\*\\*\\*\\*\"")
        .doesNotContain(P12_PASSWORD);
    assertThat(pkcs12).isNotEqualTo(pem);
  }

  @Test
  void json_fieldCombinations_problemsByField() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode tls = json.createObjectNode();
    tls.put("clientCertificate", EC_CERT);
    tls.put("clientKey", EC_KEY);
    tls.put("clientKeystore", "AAAA");
    tls.put("clientKeystorePassword", P12_PASSWORD);
    assertThat(problems(json, tls))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("tls.clientKeystore: give either tls.clientCertificate and tls.clientKey");

    ObjectNode certOnly = json.createObjectNode().put("clientCertificate", EC_CERT);
    assertThat(problems(json, certOnly))
        .containsExactly(
            "tls.clientKey: is required with tls.clientCertificate (its PEM private key)");
    ObjectNode storeOnly = json.createObjectNode().put("clientKeystore", "AAAA");
    assertThat(problems(json, storeOnly))
        .containsExactly(
            "tls.clientKeystorePassword: is required with tls.clientKeystore (\"\" for none)");
    ObjectNode mismatch =
        json.createObjectNode()
            .put("clientCertificate", EC_CERT)
            .put("clientKey", text("other-ec.key"));
    assertThat(problems(json, mismatch))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("tls.clientKey: the private key does not belong");
  }

  private static java.util.List<String> problems(ObjectMapper json, ObjectNode tls) {
    ObjectNode root = json.createObjectNode().put("endpoint", "https://api.example/coupons");
    root.set("tls", tls);
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class, () -> CouponSourceConfig.fromJson(root.toString()));
    assertThat(e).isNotNull();
    return e.problems();
  }

  @Test
  void secrets_neverInToStringProblemsOrMessages() {
    ClientCertificate pem = ClientCertificate.pem(EC_CERT, EC_KEY);
    ClientCertificate p12 = ClientCertificate.pkcs12(bytes("ec-client.p12"), P12_PASSWORD);
    assertThat(pem.toString()).isEqualTo("ClientCertificate{pem, key=****}");
    assertThat(p12.toString())
        .isEqualTo("ClientCertificate{pkcs12=****, password=****}")
        .doesNotContain(P12_PASSWORD);
    CouponSourceConfig config = base().clientCertificate(pem).build();
    assertThat(config.toString()).doesNotContain(keyBody(EC_KEY));

    String badKey = EC_KEY.replace(keyBody(EC_KEY), keyBody(EC_KEY) + "!");
    CouponFetchException e =
        failure(base().clientCertificate(ClientCertificate.pem(EC_CERT, badKey)));
    assertThat(e.getMessage() + e.problems()).doesNotContain(keyBody(EC_KEY));
    CouponFetchException wrong =
        failure(
            base()
                .clientCertificate(
                    ClientCertificate.pkcs12(bytes("ec-client.p12"), "wrong-pass-123")));
    assertThat(wrong.getMessage() + wrong.problems()).doesNotContain("wrong-pass-123");
    // A key given as a non-string JSON value is described, never quoted.
    CouponFetchException typed =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                CouponSourceConfig.fromJson(
                    "{\"endpoint\":\"https://api.example/\",\"tls\":{\"clientCertificate\":\"x\","
                        + "\"clientKey\":[\"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\"]}}"));
    assertThat(typed.getMessage() + typed.problems()).doesNotContain("MIGHAgEAMBMG");
  }
}
