package dev.couponfetch.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.Coupon;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.examples.bench.BenchFixtures.Response;
import dev.couponfetch.internal.mapping.ExpiryReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The benchmarks compare like with like: every variant gives the same coupons. No timing here. */
class BenchFixturesTest {
  @ParameterizedTest
  @EnumSource(Response.class)
  void everyVariant_sameCoupons(Response response) {
    byte[] body = BenchFixtures.body(response);
    List<Coupon> walked = BenchFixtures.handWalk(response, body);
    MappedResponse dotted = BenchFixtures.mapper(response, false).map(body, StandardCharsets.UTF_8);
    MappedResponse jsonPath =
        BenchFixtures.mapper(response, true).map(body, StandardCharsets.UTF_8);

    assertThat(walked).hasSize(response == Response.SINGLE ? 1 : BenchFixtures.BULK_CODES);
    assertThat(walked).allSatisfy(c -> assertThat(c.expiresAt()).isNotNull());
    assertThat(dotted.coupons()).isEqualTo(walked);
    assertThat(jsonPath.coupons()).isEqualTo(walked);
    assertThat(dotted.warnings()).isEmpty();
    assertThat(jsonPath.warnings()).isEmpty();
  }

  @Test
  void singleResponse_isTheIssuesExample() {
    List<Coupon> walked = BenchFixtures.handWalkSingle(BenchFixtures.singleBody());
    assertThat(walked)
        .containsExactly(new Coupon("SPRING-7K2Q", Instant.parse("2027-03-01T00:00:00Z")));
  }

  @ParameterizedTest
  @EnumSource(ExpiryForm.class)
  void expiryForms_autoAgreesWithJavaTime(ExpiryForm form) {
    Instant auto = ExpiryReader.compile("AUTO", ZoneOffset.UTC).read(form.sample());
    assertThat(auto).isEqualTo(form.javaTime(form.sample()));
    Instant expected =
        form == ExpiryForm.DATE
            ? Instant.parse("2027-03-02T00:00:00Z")
            : Instant.parse("2027-03-01T10:15:30Z");
    assertThat(auto).isEqualTo(expected);
  }

  @Test
  void bulkStub_givesNewCodesEveryTime() {
    BulkStub stub = new BulkStub(3);
    var config = ConcurrencyBench.bulkConfig();
    assertThat(stub.fetch(config).coupons())
        .extracting(Coupon::code)
        .containsExactly("P-0", "P-1", "P-2");
    assertThat(stub.fetch(config).coupons())
        .extracting(Coupon::code)
        .containsExactly("P-3", "P-4", "P-5");
  }
}
