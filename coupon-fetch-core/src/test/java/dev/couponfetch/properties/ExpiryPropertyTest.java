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

  /** Values that come close to an expiry, or to breaking a parser. */
  private static final List<String> SPECIAL_VALUES =
      List.of(
          "true",
          "false",
          "null",
          "\"\"",
          "\" \"",
          "{}",
          "{\"a\":1}",
          "\"0000-00-00\"",
          "\"0000-00-00 00:00:00\"");

  /** Any expiry value as JSON text, read in a format and zone. */
  record AnyValue(String valueJson, String format, ZoneId zone) {}

  private static final Gen<String> VALUES =
      Gen.<String>frequency(
              3,
              Gen.strings(Gen.chars("0123456789-:T.+Z /,WedMonJanGMTUTC[]"), 0, 32)
                  .map(s -> Generators.NODES.textNode(s).toString()))
          .or(2, Gen.elementOf(NUMBER_TEXTS))
          .or(1, Gen.elementOf(NUMBER_TEXTS).map(n -> "\"" + n + "\""))
          .or(2, Generators.nastyStrings().map(s -> Generators.NODES.textNode(s).toString()))
          .or(1, Generators.scalar().map(JsonNode::toString))
          .or(1, Gen.elementOf(SPECIAL_VALUES));

  private static final Gen<String> FORMATS = Gen.elementOf(ExpiryFormats.FORMATS);
  private static final Gen<ZoneId> ZONES = ExpiryFormats.zones();
  private static final Gen<AnyValue> ANY_VALUES =
      r -> new AnyValue(VALUES.next(r), FORMATS.next(r), ZONES.next(r));

  /** Every number text and special value, bare and quoted, in every format. */
  private static List<AnyValue> anyValueExamples() {
    List<String> values = new ArrayList<>(SPECIAL_VALUES);
    for (String n : NUMBER_TEXTS) {
      values.add(n);
      values.add("\"" + n + "\"");
    }
    List<AnyValue> l = new ArrayList<>();
    int i = 0;
    for (String v : values) {
      for (String format : ExpiryFormats.FORMATS) {
        l.add(new AnyValue(v, format, ExpiryFormats.ZONES.get(i++ % ExpiryFormats.ZONES.size())));
      }
    }
    return l;
  }

  @Test
  void read_anyValue_instantOrUnparseable() {
    PropertyCheck.forAll(ANY_VALUES)
        .withExamples(anyValueExamples())
        .tries(3000)
        .check(
            c -> {
              ResponseMapper mapper = mapper(c.format(), c.zone());
              if (mapper == null) {
                return; // an unusable format is the config's problem, tested elsewhere
              }
              String body = "{\"c\":\"CODE-1\",\"e\":" + c.valueJson() + "}";
              try {
                MappedResponse r =
                    mapper.map(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
                assertThat(r.coupons()).extracting(Coupon::code).containsExactly("CODE-1");
              } catch (CouponFetchException e) {
                assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.EXPIRY_UNPARSEABLE);
                assertThat(e.getMessage()).contains("mapping.expiry 'e'").hasSizeLessThan(1_000);
              }
            });
  }

  @Test
  void read_validValue_givesTheInstantItMeans() {
    PropertyCheck.forAll(ExpiryFormats.written())
        .withExamples(ExpiryFormats.writtenExamples())
        .tries(2000)
        .check(
            w -> {
              ResponseMapper mapper = mapper(w.format(), w.zone());
              String body = "{\"c\":\"CODE-1\",\"e\":" + w.value() + "}";

              MappedResponse r =
                  mapper.map(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

              assertThat(r.coupons().get(0).expiresAt())
                  .as("%s as %s", w.value(), w)
                  .isEqualTo(w.expected());
            });
  }

  /** A character edit: delete at {@code at} when {@code c} is NUL, else insert {@code c}. */
  record Edit(int at, char c) {}

  /** A valid expiry with one to three character edits. */
  record NearlyValid(ExpiryFormats.Written written, List<Edit> edits) {}

  private static final Gen<Integer> EDIT_AT = Gen.ints(0, 1000);
  private static final Gen<Character> EDIT_CHAR =
      Gen.of('\u0000', '0', '9', '-', ':', 'T', ' ', '+', 'Z', '.', '/', 'x', '1');
  private static final Gen<Edit> EDIT = r -> new Edit(EDIT_AT.next(r), EDIT_CHAR.next(r));

  /** Each valid example with each single edit at its start, middle and end. */
  private static List<NearlyValid> nearlyValidExamples() {
    List<NearlyValid> l = new ArrayList<>();
    List<ExpiryFormats.Written> written = ExpiryFormats.writtenExamples();
    for (int i = 0; i < written.size(); i += 7) {
      ExpiryFormats.Written w = written.get(i);
      int length = text(w).length();
      for (int at : new int[] {0, length / 2, length - 1, length}) {
        for (char c : new char[] {'\u0000', '0', '-', ' ', 'x'}) {
          l.add(new NearlyValid(w, List.of(new Edit(at, c))));
        }
      }
    }
    return l;
  }

  private static String text(ExpiryFormats.Written w) {
    return w.value().isTextual() ? w.value().textValue() : w.value().toString();
  }

  @Test
  void read_nearlyValidValue_instantOrUnparseable() {
    Gen<ExpiryFormats.Written> written = ExpiryFormats.written();
    Gen<List<Edit>> edits = EDIT.list(1, 3);
    Gen<NearlyValid> cases = r -> new NearlyValid(written.next(r), edits.next(r));
    PropertyCheck.forAll(cases)
        .withExamples(nearlyValidExamples())
        .tries(2000)
        .check(
            c -> {
              StringBuilder s = new StringBuilder(text(c.written()));
              for (Edit edit : c.edits()) {
                int at = edit.at() % (s.length() + 1);
                if (edit.c() == '\u0000' && at < s.length()) {
                  s.deleteCharAt(at);
                } else {
                  s.insert(at, edit.c());
                }
              }
              JsonNode value = Generators.NODES.textNode(s.toString());
              ResponseMapper mapper = mapper(c.written().format(), c.written().zone());
              String body = "{\"c\":\"CODE-1\",\"e\":" + value + "}";

              try {
                mapper.map(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
              } catch (CouponFetchException e) {
                assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.EXPIRY_UNPARSEABLE);
              }
            });
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
}
