package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtensionNamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "acme-hmac", "acme.csv_v2", "standard", "x-"})
  void check_validNames_null(String name) {
    assertThat(ExtensionNames.check(name)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"-a", ".a", "_a", "Acme", "acme hmac", "acme/hmac", "açme", "acme\n", "ａcme"})
  void check_invalidNames_ruleStated(String name) {
    assertThat(ExtensionNames.check(name))
        .startsWith(
            "must be lower-case letters a-z, digits, '.', '_' and '-', starting with a letter or"
                + " digit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme\n", "açme", "acme\u202e"})
  void check_nonPrintableOrNonAscii_notQuoted(String name) {
    assertThat(ExtensionNames.check(name))
        .isEqualTo(
            "must be lower-case letters a-z, digits, '.', '_' and '-', starting with a letter or"
                + " digit");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 64})
  void check_lengthBounds_valid(int length) {
    assertThat(ExtensionNames.check("a".repeat(length))).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 65, 10_000})
  void check_outsideLengthBounds_problem(int length) {
    assertThat(ExtensionNames.check("a".repeat(length)))
        .isEqualTo(length == 0 ? "must not be empty" : "must be 1 to 64 characters, has " + length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Acme-HMAC", "ACME"})
  void check_upperCase_suggestsLowerCase(String name) {
    assertThat(ExtensionNames.check(name))
        .endsWith("got '" + name + "'; did you mean '" + name.toLowerCase(Locale.ROOT) + "'?");
  }

  @Test
  void check_null_problem() {
    assertThat(ExtensionNames.check(null)).isEqualTo("must not be empty");
  }
}
