package dev.couponfetch.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The property-test toolkit itself: reproducible inputs, edges, and failures that can be replayed.
 */
class PropertyCheckTest {
  @Test
  void check_sameSeed_sameInputsEveryRun() {
    Gen<String> gen = Generators.nastyStrings();
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();

    PropertyCheck.forAll(gen).tries(200).check(first::add);
    PropertyCheck.forAll(gen).tries(200).check(second::add);

    assertThat(first).hasSize(200).isEqualTo(second).anyMatch(s -> s.length() > 3);
  }

  @Test
  void check_examplesThenRandomInputs() {
    List<Integer> seen = new ArrayList<>();

    PropertyCheck.forAll(Gen.ints(10, 20)).withExamples(List.of(1, 2)).tries(5).check(seen::add);

    assertThat(seen).hasSize(7).startsWith(1, 2);
    assertThat(seen.subList(2, 7)).allSatisfy(i -> assertThat(i).isBetween(10, 20));
  }

  @Test
  void check_failingProperty_reportsSeedCountAndShortestInputEscaped() {
    Gen<String> gen = Gen.strings(Gen.chars("ab\u0000"), 0, 12);

    AssertionError e =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                PropertyCheck.forAll(gen)
                    .withExamples(List.of("ok", "a\u0000b"))
                    .check(s -> assertThat(s).doesNotContain("\u0000")));

    assertThat(e.getMessage())
        .contains("PropertyCheckTest#check_failingProperty_reportsSeedCountAndShortestInputEscaped")
        .contains("failed for 1 of 2 examples and ")
        .contains("of 1000 random cases")
        .containsPattern("seed -?\\d+; rerun with -Dcf.seed=-?\\d+ -Dtest='PropertyCheckTest#")
        .contains("shortest failing input (random case ")
        .contains("\n  \\u0000\n")
        .doesNotContain("a\u0000b");
    assertThat(e.getCause()).isInstanceOf(AssertionError.class);
  }

  @Test
  void check_generatorFails_reportsTheCaseAndSeed() {
    Gen<String> broken =
        r -> {
          throw new IllegalStateException("boom");
        };

    assertThatThrownBy(() -> PropertyCheck.forAll(broken).check(s -> {}))
        .hasMessageContaining("the generator failed at random case 1")
        .hasMessageContaining("-Dcf.seed=")
        .hasRootCauseMessage("boom");
  }

  @Test
  void seed_numberHexOrRandom_elseAClearMessage() {
    assertThat(PropertyCheck.seed("42")).isEqualTo(42);
    assertThat(PropertyCheck.seed(" 0x10 ")).isEqualTo(16);
    assertThat(PropertyCheck.seed(null)).isEqualTo(PropertyCheck.seed(""));
    PropertyCheck.seed("random");
    assertThatThrownBy(() -> PropertyCheck.seed("abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-Dcf.seed must be a number or 'random', not 'abc'");
  }

  @Test
  void generators_reachTheirEdges() {
    SplittableRandom r = new SplittableRandom(1);
    List<Integer> ints = Gen.ints(-5, 1_000_000).list(2000, 2000).next(r);
    List<Long> longs = Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).list(2000, 2000).next(r);
    List<String> strings =
        Gen.strings(Gen.chars('\u0000', '\uffff'), 0, 30).list(2000, 2000).next(r);

    assertThat(ints).contains(-5, 1_000_000, 0, 1, -1).anyMatch(i -> i > 1000);
    assertThat(longs).contains(Long.MIN_VALUE, Long.MAX_VALUE, 0L);
    assertThat(strings)
        .contains("")
        .anyMatch(s -> s.length() == 30)
        .anyMatch(s -> s.chars().anyMatch(c -> Character.isSurrogate((char) c)))
        .anyMatch(s -> s.indexOf('\u0000') >= 0);
  }

  @Test
  void escape_controlNonAsciiAndBackslash() {
    assertThat(PropertyCheck.escape("a\\b\n\r\t\u0000\u007f\u00e9\ud800"))
        .isEqualTo("a\\\\b\\n\\r\\t\\u0000\\u007f\\u00e9\\ud800");
  }
}
