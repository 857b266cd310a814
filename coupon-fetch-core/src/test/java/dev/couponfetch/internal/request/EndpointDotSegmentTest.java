package dev.couponfetch.internal.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponSourceConfig;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A variable in the endpoint's path can never climb out of the configured path. */
class EndpointDotSegmentTest {
  @Test
  void prepare_dotDotInPath_encodedSoItIsNoDotSegment() {
    URI uri = uri("https://h.example/x/{{id}}/y", Map.of("id", ".."));

    assertThat(uri.getRawPath()).isEqualTo("/x/%2E%2E/y");
    assertThat(uri.normalize().getRawPath()).isEqualTo("/x/%2E%2E/y");
  }

  @Test
  void prepare_singleDotInPath_encoded() {
    assertThat(uri("https://h.example/x/{{id}}/y", Map.of("id", ".")).getRawPath())
        .isEqualTo("/x/%2E/y");
    assertThat(uri("https://h.example/x/{{a}}/{{b}}", Map.of("a", ".", "b", "..")).getRawPath())
        .isEqualTo("/x/%2E/%2E%2E");
  }

  @Test
  void prepare_dotsThatAreNoWholeValue_keptAsIs() {
    assertThat(uri("https://h.example/x/{{id}}/y", Map.of("id", "...")).getRawPath())
        .isEqualTo("/x/.../y");
    assertThat(uri("https://h.example/x/{{id}}", Map.of("id", "v1.2")).getRawPath())
        .isEqualTo("/x/v1.2");
    assertThat(uri("https://h.example/x/{{id}}", Map.of("id", "../etc")).getRawPath())
        .isEqualTo("/x/..%2Fetc");
  }

  @Test
  void prepare_dotDotInQuery_leftAlone() {
    URI uri = uri("https://h.example/x/{{p}}?q={{q}}", Map.of("p", "..", "q", ".."));

    assertThat(uri.getRawPath()).isEqualTo("/x/%2E%2E");
    assertThat(uri.getRawQuery()).isEqualTo("q=..");
  }

  @Test
  void inPath_placeholdersBeforePathOrInQuery_false() {
    Template t =
        Template.compile(
            "https://{{host}}.example/{{a}}/b?c={{c}}&d=/{{d}}", "endpoint", false, null);

    assertThat(Urls.inPath(t)).containsExactly(false, true, false, false);
  }

  private static URI uri(String endpoint, Map<String, String> variables) {
    return CouponSourceConfig.builder(endpoint).build().prepare(variables).uri();
  }
}
