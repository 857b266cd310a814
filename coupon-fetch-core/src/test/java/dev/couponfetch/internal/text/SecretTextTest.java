package dev.couponfetch.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretTextTest {
  @Test
  void mask_shortValues_areNotSearchedFor() {
    SecretText s = SecretText.of(Arrays.asList("json", "coupon", "1234567", null, ""));

    assertThat(s.isEmpty()).isTrue();
    assertThat(s.mask("GET http://h/coupon?k=x application/json 1234567"))
        .isEqualTo("GET http://h/coupon?k=x application/json 1234567");
    assertThat(s.reveals("json")).isFalse();
  }

  @Test
  void mask_longValue_inEveryFormItTakes() {
    SecretText s = SecretText.of(List.of("k3y &=+/é-long", "Basic dXNlcjpwYXNzd29yZA=="));

    assertThat(s.mask("raw k3y &=+/é-long"))
        .isEqualTo("raw ****")
        .isEqualTo(s.mask("raw k3y+%26%3D%2B%2F%C3%A9-long"))
        .isEqualTo(s.mask("raw k3y%20%26%3D%2B%2F%C3%A9-long"));
    assertThat(s.mask("token dXNlcjpwYXNzd29yZA== echoed")).isEqualTo("token **** echoed");
    assertThat(s.mask("Authorization: Basic dXNlcjpwYXNzd29yZA=="))
        .isEqualTo("Authorization: ****");
  }

  @Test
  void mask_jsonEscapedValue_isMasked() {
    SecretText s = SecretText.of(List.of("pa\"ss\\word-9"));

    assertThat(s.mask("{\"echo\":\"pa\\\"ss\\\\word-9\"}")).isEqualTo("{\"echo\":\"****\"}");
  }

  @Test
  void plus_addsValues_andRevealsLooksThroughCausesAndSuppressed() {
    SecretText s = SecretText.of(List.of("first-secret-1")).plus(List.of("second-secret-2"));
    IOException inner = new IOException("io");
    inner.addSuppressed(new IllegalStateException("saw second-secret-2"));

    assertThat(s.mask("first-secret-1 second-secret-2")).isEqualTo("**** ****");
    assertThat(s.reveals(new RuntimeException("outer", inner))).isTrue();
    assertThat(s.reveals(new RuntimeException("outer", new IOException("clean")))).isFalse();
  }
}
