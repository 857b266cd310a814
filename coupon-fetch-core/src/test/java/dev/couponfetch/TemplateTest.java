package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.internal.request.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
  @Test
  void compile_namesWithOptionalSpaces_split() {
    Template t = Template.compile("a{{ email }}b{{visitor.id}}{{x-1_y}}", "f", false, null);

    assertThat(t.variables()).containsExactly("email", "visitor.id", "x-1_y");
    assertThat(t.render(Map.of("email", "E", "visitor.id", "V", "x-1_y", "X"), "f"))
        .isEqualTo("aEbVX");
  }

  @Test
  void compile_noPlaceholder_isConstant() {
    Template t = Template.compile("plain } { text", "f", false, null);

    assertThat(t.isConstant()).isTrue();
    assertThat(t.render(Map.of(), "f")).isEqualTo("plain } { text");
  }

  @Test
  void compile_syntaxErrors_problemNamesFieldAndPosition() {
    List<String> problems = new ArrayList<>();

    assertThat(Template.compile("abc {{email", "payload.email", false, problems)).isNull();
    assertThat(Template.compile("{{}}", "endpoint", false, problems)).isNull();
    assertThat(Template.compile("x{{s3cr3t value}}", "auth.params.k", true, problems)).isNull();

    assertThat(problems)
        .containsExactly(
            "payload.email: '{{' at position 5 is not closed by '}}'",
            "endpoint: '{{}}' is not a valid variable name (use letters, digits, '_', '.' and '-')",
            "auth.params.k: the placeholder at position 2 is not a valid variable name (use"
                + " letters, digits, '_', '.' and '-')");
  }

  @Test
  void render_missingVariable_namesVariableAndField() {
    Template t = Template.compile("{{email}}", "payload.email", false, null);

    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> t.render(Map.of(), "payload.email"));

    assertThat(e.reason()).isEqualTo(Reason.MISSING_VARIABLE);
    assertThat(e.getMessage())
        .isEqualTo("variable 'email' is used in payload.email but was not supplied");
  }

  @Test
  void render_emptyValue_isAValueNotMissing() {
    Template t = Template.compile("[{{v}}]", "f", false, null);

    assertThat(t.render(Map.of("v", ""), "f")).isEqualTo("[]");
  }

  @Test
  void renderHeader_lineBreakInValue_refusedNamingVariableAndHeader() {
    Template t = Template.compile("id-{{visitorId}}", "headers.X-Visitor", false, null);

    for (String evil : List.of("1\r\nX-Admin: true", "1\nA: b", "1\u0000")) {
      CouponFetchException e =
          catchThrowableOfType(
              CouponFetchException.class,
              () -> t.renderHeader(Map.of("visitorId", evil), "headers.X-Visitor"));

      assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
      assertThat(e.getMessage()).contains("'visitorId'").contains("headers.X-Visitor");
      assertThat(e.getMessage()).doesNotContain("X-Admin");
    }
  }
}
