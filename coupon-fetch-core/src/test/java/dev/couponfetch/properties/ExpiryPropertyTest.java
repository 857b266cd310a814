package dev.couponfetch.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import dev.couponfetch.internal.mapping.CompiledMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Any expiry value, in any format and zone, gives an instant (or none) or {@code
 * EXPIRY_UNPARSEABLE}; a valid one gives exactly the instant it means.
 */
class ExpiryPropertyTest {
  /** Number texts that are hard on parsers: huge exponents, long digits, signs, fractions. */
  static final List<String> NUMBER_TEXTS =
      List.of(
          "0",
          "-0",
          "1",
          "-1",
          "1.5",
          "-1.5",
          "0.0000000001",
          "-0.0000000001",
          "99999999999",
          "100000000000",
          "99999999999.999",
          "1e3",
          "1E+2",
          "1e-3",
          "1e999999999",
          "-1e999999999",
          "1e-999999999",
          "1e401",
          "1.000000000000000000001e10",
          "9223372036854775807",
          "-9223372036854775808",
          "9223372036854775808",
          "31556889864403199",
          "31556889864403200",
          "-31557014167219200",
          "1" + "0".repeat(300),
          "1." + "0".repeat(300) + "1");

  @Property(tries = 3000)
  void read_anyValue_instantOrUnparseable(
      @ForAll("values") String valueJson,
      @ForAll("formats") String format,
      @ForAll("zones") ZoneId zone) {
    ResponseMapper mapper = mapper(format, zone);
    Assume.that(mapper != null); // an unusable format is the config's problem, tested elsewhere
    String body = "{\"c\":\"CODE-1\",\"e\":" + valueJson + "}";

    try {
      MappedResponse r = mapper.map(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      assertThat(r.coupons()).extracting(Coupon::code).containsExactly("CODE-1");
    } catch (CouponFetchException e) {
      assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.EXPIRY_UNPARSEABLE);
      assertThat(e.getMessage()).contains("mapping.expiry 'e'").hasSizeLessThan(1_000);
    }
  }

  @Property(tries = 2000)
  void read_validValue_givesTheInstantItMeans(@ForAll("written") ExpiryFormats.Written w) {
    ResponseMapper mapper = mapper(w.format(), w.zone());
    String body = "{\"c\":\"CODE-1\",\"e\":" + w.value() + "}";

    MappedResponse r = mapper.map(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

    assertThat(r.coupons().get(0).expiresAt()).as("%s as %s", w.value(), w).isEqualTo(w.expected());
  }

  @Property(tries = 2000)
  void read_nearlyValidValue_instantOrUnparseable(
      @ForAll("written") ExpiryFormats.Written w,
      @ForAll("edits") List<Tuple.Tuple2<Integer, Character>> edits) {
    String text = w.value().isTextual() ? w.value().textValue() : w.value().toString();
    StringBuilder s = new StringBuilder(text);
    for (Tuple.Tuple2<Integer, Character> edit : edits) {
      int at = edit.get1() % (s.length() + 1);
      if (edit.get2() == '\u0000' && at < s.length()) {
        s.deleteCharAt(at);
      } else {
        s.insert(at, edit.get2());
      }
    }
    JsonNode value = Generators.NODES.textNode(s.toString());
    ResponseMapper mapper = mapper(w.format(), w.zone());
    String body = "{\"c\":\"CODE-1\",\"e\":" + value + "}";

    try {
      mapper.map(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    } catch (CouponFetchException e) {
      assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.EXPIRY_UNPARSEABLE);
    }
  }

  /** A megabyte of digits must not cost seconds of CPU (BigDecimal parsing is quadratic). */
  @Test
  void read_hugeNumbers_failFast() {
    String digits = "7".repeat(1_000_000);
    for (String format : List.of("AUTO", "EPOCH_SECONDS", "EPOCH_MILLIS")) {
      ResponseMapper mapper = mapper(format, ZoneId.of("UTC"));
      byte[] body = ("{\"c\":\"C\",\"e\":\"" + digits + "\"}").getBytes(StandardCharsets.UTF_8);
      long start = System.nanoTime();
      assertThatCode(() -> mapper.map(body, StandardCharsets.UTF_8))
          .isInstanceOf(CouponFetchException.class)
          .hasMessageContaining("out of range");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }

  /** {@code 1e-999999999} written out is a billion digits: it must fail, not fill the heap. */
  @Test
  void read_extremeExponentWithPattern_unparseableWithoutExhaustingTheHeap() {
    ResponseMapper mapper = mapper("yyyyMMdd", ZoneId.of("UTC"));
    for (String n : List.of("1e999999999", "1e-999999999", "-2.5e-999999999", "1e401")) {
      byte[] body = ("{\"c\":\"C\",\"e\":" + n + "}").getBytes(StandardCharsets.UTF_8);
      assertThatCode(() -> mapper.map(body, StandardCharsets.UTF_8))
          .as(n)
          .isInstanceOf(CouponFetchException.class)
          .hasMessageContaining("mapping.expiry 'e'");
    }
  }

  static ResponseMapper mapper(String format, ZoneId zone) {
    MappingConfig mapping =
        MappingConfig.builder().code("c").expiry("e").expiryFormat(format).expiryZone(zone).build();
    return CompiledMapper.compile(mapping, CouponType.SINGLE, new ArrayList<>());
  }

  @Provide
  Arbitrary<String> values() {
    Arbitrary<String> nearDates =
        Arbitraries.strings()
            .withChars("0123456789-:T.+Z /,WedMonJanGMTUTC[]")
            .ofMaxLength(32)
            .map(s -> Generators.NODES.textNode(s).toString());
    return Arbitraries.frequencyOf(
        Tuple.of(3, nearDates),
        Tuple.of(2, Arbitraries.of(NUMBER_TEXTS)),
        Tuple.of(1, Arbitraries.of(NUMBER_TEXTS).map(n -> "\"" + n + "\"")),
        Tuple.of(2, Generators.nastyStrings().map(s -> Generators.NODES.textNode(s).toString())),
        Tuple.of(1, Generators.scalar().map(JsonNode::toString)),
        Tuple.of(
            1,
            Arbitraries.of(
                "true",
                "false",
                "null",
                "\"\"",
                "\" \"",
                "{}",
                "{\"a\":1}",
                "\"0000-00-00\"",
                "\"0000-00-00 00:00:00\"")));
  }

  @Provide
  Arbitrary<String> formats() {
    return Arbitraries.of(ExpiryFormats.FORMATS);
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return ExpiryFormats.zones();
  }

  @Provide
  Arbitrary<ExpiryFormats.Written> written() {
    return ExpiryFormats.written();
  }

  /** Character edits: delete (NUL stands for "delete here") or insert a likely character. */
  @Provide
  Arbitrary<List<Tuple.Tuple2<Integer, Character>>> edits() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 1000),
            Arbitraries.of('\u0000', '0', '9', '-', ':', 'T', ' ', '+', 'Z', '.', '/', 'x', '1'))
        .as(Tuple::of)
        .list()
        .ofMinSize(1)
        .ofMaxSize(3);
  }
}
