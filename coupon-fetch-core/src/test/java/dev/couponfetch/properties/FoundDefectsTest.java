package dev.couponfetch.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import dev.couponfetch.internal.mapping.CompiledMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * Minimal repros of defects the properties once found, each asserting the behaviour the contract
 * asks for, so that they stay fixed.
 */
class FoundDefectsTest {
  @Test
  void fromJson_payloadKeyWithLoneSurrogate_invalidConfigOrConfig() {
    String json =
        "{\"endpoint\":\"https://a.example/\",\"method\":\"POST_JSON\",\"payload\":{\"\\ud800\":1}}";

    Throwable t = catchThrowable(() -> CouponSourceConfig.fromJson(json));

    assertThat(t).isInstanceOf(CouponFetchException.class);
    assertThat(((CouponFetchException) t).problems())
        .containsExactly("payload: holds text that cannot be encoded (a lone UTF-16 surrogate)");
  }

  @Test
  void fromJson_authParamsNotAnObject_problemDoesNotQuoteTheSecret() {
    String json =
        "{\"endpoint\":\"https://a.example/\",\"auth\":{\"type\":\"QUERY_STRING\","
            + "\"params\":[\"key=QsSECRET-5521\"]}}";

    CouponFetchException e =
        (CouponFetchException) catchThrowable(() -> CouponSourceConfig.fromJson(json));

    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("auth.params").doesNotContain("QsSECRET");
  }

  @Test
  void fromJson_configInAnArray_problemDoesNotQuoteTheSecret() {
    String json = "[{\"auth\":{\"type\":\"BASIC\",\"password\":\"PwSECRET-7f3a9\"}}]";

    CouponFetchException e =
        (CouponFetchException) catchThrowable(() -> CouponSourceConfig.fromJson(json));

    assertThat(e.getMessage()).contains("(document)").doesNotContain("PwSECRET");
  }

  @Test
  void fromJson_authorizationHeaderNotAString_problemDoesNotQuoteIt() {
    String json =
        "{\"endpoint\":\"https://a.example/\",\"headers\":{\"Authorization\":[\"Bearer AhSECRET\"]}}";

    CouponFetchException e =
        (CouponFetchException) catchThrowable(() -> CouponSourceConfig.fromJson(json));

    assertThat(e.getMessage()).contains("headers.Authorization").doesNotContain("AhSECRET");
  }

  @Test
  void map_jsonPathExistenceFilter_codesOrDocumentedFailure() {
    ResponseMapper mapper =
        CompiledMapper.compile(
            MappingConfig.code("$.codes[?(@.code)].code"), CouponType.BULK, new ArrayList<>());
    byte[] body = "{\"codes\":[{\"code\":\"A\"},{\"x\":1}]}".getBytes(StandardCharsets.UTF_8);

    Throwable t = catchThrowable(() -> mapper.map(body, StandardCharsets.UTF_8));

    assertThat(t).isNull();
  }
}
