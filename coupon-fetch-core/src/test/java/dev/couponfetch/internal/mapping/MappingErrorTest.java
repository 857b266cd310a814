package dev.couponfetch.internal.mapping;

import static dev.couponfetch.internal.mapping.MappingFixtures.codes;
import static dev.couponfetch.internal.mapping.MappingFixtures.failure;
import static dev.couponfetch.internal.mapping.MappingFixtures.mapper;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import org.junit.jupiter.api.Test;

class MappingErrorTest {
  private final ResponseMapper mapper =
      mapper(MappingConfig.builder().code("data.code").error("msg").build(), CouponType.SINGLE);

  @Test
  void map_errorMessagePresent_endpointErrorCarryingIt() {
    CouponFetchException e = failure(mapper, "{\"status\":0,\"msg\":\"campaign not found\"}");
    assertThat(e.reason()).isEqualTo(Reason.ENDPOINT_ERROR);
    assertThat(e.getMessage()).isEqualTo("the endpoint reported an error: campaign not found");
  }

  @Test
  void map_errorCheckedBeforeCode_evenWhenCodePresent() {
    CouponFetchException e =
        failure(mapper, "{\"msg\":\"out of stock\",\"data\":{\"code\":\"X\"}}");
    assertThat(e.reason()).isEqualTo(Reason.ENDPOINT_ERROR);
  }

  @Test
  void map_errorPathMissingOrEmpty_noError() {
    assertThat(codes(mapper, "{\"data\":{\"code\":\"X\"}}")).containsExactly("X");
    assertThat(codes(mapper, "{\"msg\":null,\"data\":{\"code\":\"X\"}}")).containsExactly("X");
    assertThat(codes(mapper, "{\"msg\":\" \",\"data\":{\"code\":\"X\"}}")).containsExactly("X");
    assertThat(codes(mapper, "{\"msg\":false,\"data\":{\"code\":\"X\"}}")).containsExactly("X");
    assertThat(codes(mapper, "{\"msg\":0,\"data\":{\"code\":\"X\"}}")).containsExactly("X");
    assertThat(codes(mapper, "{\"msg\":[],\"data\":{\"code\":\"X\"}}")).containsExactly("X");
    // The error path runs into a string: it is simply not there.
    ResponseMapper deep =
        mapper(MappingConfig.builder().code("c").error("error.message").build(), CouponType.SINGLE);
    assertThat(codes(deep, "{\"error\":\"\",\"c\":\"Y\"}")).containsExactly("Y");
  }

  @Test
  void map_nonStringErrorValues_reported() {
    ResponseMapper errcode =
        mapper(MappingConfig.builder().code("c").error("errcode").build(), CouponType.SINGLE);
    assertThat(failure(errcode, "{\"errcode\":40001}").getMessage())
        .isEqualTo("the endpoint reported an error: 40001");
    ResponseMapper errors =
        mapper(MappingConfig.builder().code("c").error("$.errors").build(), CouponType.SINGLE);
    assertThat(failure(errors, "{\"errors\":[{\"message\":\"bad campaign\"}]}").getMessage())
        .contains("bad campaign");
    assertThat(failure(errors, "{\"errors\":true}").reason()).isEqualTo(Reason.ENDPOINT_ERROR);
  }
}
