package dev.couponfetch;

import static dev.couponfetch.ConfigJsonTest.problemsOf;
import static dev.couponfetch.ConfigValidationTest.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code mapping.mapper}: the response mapper a fetcher uses, {@code standard} by default. */
class ConfigMapperNameTest {
  private static CouponSourceConfig.Builder valid() {
    return CouponSourceConfig.builder("https://api.acme.example/coupons");
  }

  @Test
  void mapper_default_isStandardAndNotWritten() {
    CouponSourceConfig config = valid().mapping(MappingConfig.code("data.code")).build();

    assertThat(config.mapping().mapper())
        .isEqualTo("standard")
        .isEqualTo(MappingConfig.STANDARD_MAPPER);
    assertThat(MappingConfig.BODY.mapper()).isEqualTo("standard");
    assertThat(config.toJson()).doesNotContain("mapper");
    assertThat(config.mapping().toString()).doesNotContain("mapper");
  }

  @Test
  void fromJson_customMapper_readWrittenAndRoundTrips_otherFieldsKept() {
    CouponSourceConfig config =
        CouponSourceConfig.fromJson(
            """
            {"endpoint": "https://api.acme.example/coupons", "couponType": "BULK",
             "mapping": {"mapper": "acme-csv", "expiryFormat": "MM/dd/yyyy",
                         "expiryZone": "Europe/Berlin"}}
            """);

    assertThat(config.mapping().mapper()).isEqualTo("acme-csv");
    assertThat(config.mapping().code()).isNull();
    assertThat(config.mapping().expiryFormat()).isEqualTo("MM/dd/yyyy");
    assertThat(config.toJson()).contains("\"mapper\": \"acme-csv\"");
    assertThat(CouponSourceConfig.fromJson(config.toJson())).isEqualTo(config);
    assertThat(config.mapping().toString()).startsWith("MappingConfig{mapper=acme-csv, code=null");
  }

  @Test
  void mapper_partOfEqualsHashCodeAndToBuilder() {
    MappingConfig standard = MappingConfig.code("data.code");
    MappingConfig custom = standard.toBuilder().mapper("acme-csv").build();

    assertThat(custom).isNotEqualTo(standard);
    assertThat(custom.toBuilder().build()).isEqualTo(custom).hasSameHashCodeAs(custom);
    assertThat(custom.toBuilder().mapper("standard").build()).isEqualTo(standard);
    assertThat(valid().mapping(custom).build()).isNotEqualTo(valid().mapping(standard).build());
  }

  @Test
  void configMapper_withCustomMapperName_isStillTheBuiltInOneOfTheMapping() {
    CouponSourceConfig config =
        valid()
            .mapping(MappingConfig.builder().mapper("acme-csv").code("data.code").build())
            .build();

    MappedResponse r =
        config
            .mapper()
            .map(
                "{\"data\":{\"code\":\"C-1\"}}".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);

    assertThat(r.coupons()).extracting(Coupon::code).containsExactly("C-1");
  }

  @Test
  void build_badMapperName_problem() {
    assertThat(problemsOf(valid().mapping(MappingConfig.builder().mapper("Acme CSV").build())))
        .containsExactly(
            "mapping.mapper: must be lower-case letters a-z, digits, '.', '_' and '-', starting"
                + " with a letter or digit, got 'Acme CSV'");
    assertThat(problemsOf(valid().mapping(MappingConfig.builder().mapper("").build())))
        .containsExactly("mapping.mapper: must not be empty");
  }

  @Test
  void fromJson_mapperProblems_namedWithTheirField() {
    assertThat(
            problemsOf(
                """
                {"endpoint": "https://a.example/c", "mapping": {"mapper": 3, "code": "x"}}
                """))
        .containsExactly("mapping.mapper: must be a string, got 3");
    assertThat(
            problemsOf(
                """
                {"endpoint": "https://a.example/c", "mapping": {"mapper": "ACME", "code": "x"}}
                """))
        .containsExactly(
            "mapping.mapper: must be lower-case letters a-z, digits, '.', '_' and '-', starting"
                + " with a letter or digit, got 'ACME'; did you mean 'acme'?");
    assertThat(
            problemsOf(
                """
                {"endpoint": "https://a.example/c", "mapping": {"maper": "acme"}}
                """))
        .containsExactly("mapping.maper: unknown field; did you mean 'mapper'?");
  }
}
