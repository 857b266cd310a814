package dev.couponfetch.internal.mapping;

import static dev.couponfetch.internal.mapping.MappingFixtures.codes;
import static dev.couponfetch.internal.mapping.MappingFixtures.mapper;
import static dev.couponfetch.internal.mapping.MappingFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.ResponseMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MappingCompileTest {
  @Test
  void compile_everyProblemListedOnce_namingItsField() {
    MappingConfig m =
        MappingConfig.builder()
            .code("a..b")
            .expiry("$[")
            .error("x.")
            .expiryFormat("YYYY-MM-dd")
            .build();
    assertThat(problems(m, CouponType.BULK))
        .hasSize(4)
        .satisfiesExactly(
            p -> assertThat(p).startsWith("mapping.code: "),
            p -> assertThat(p).startsWith("mapping.expiry: "),
            p -> assertThat(p).startsWith("mapping.error: "),
            p -> assertThat(p).startsWith("mapping.expiryFormat: "));
  }

  @Test
  void compile_expiryOrErrorWithoutCode_problem() {
    MappingConfig m = MappingConfig.builder().expiry("exp").error("msg").build();
    assertThat(problems(m, CouponType.SINGLE))
        .containsExactly(
            "mapping.expiry: needs mapping.code (a plain-text body has no expiry)",
            "mapping.error: needs mapping.code (a plain-text body is read as the code)");
  }

  @Test
  void compile_problemsAlreadyListed_keptAndNullOnlyForOwn() {
    List<String> problems = new ArrayList<>(List.of("endpoint: is required"));
    ResponseMapper m = CompiledMapper.compile(MappingConfig.code("c"), CouponType.SINGLE, problems);
    assertThat(m).isNotNull();
    assertThat(problems).containsExactly("endpoint: is required");
  }

  @Test
  void compile_blankCodePath_meansBody() {
    ResponseMapper m = mapper(MappingConfig.code("  "), CouponType.SINGLE);
    assertThat(codes(m, "PLAIN-1")).containsExactly("PLAIN-1");
  }

  @Test
  void mapper_isThreadSafe_sharedAcrossThreads() throws Exception {
    ResponseMapper m =
        mapper(MappingConfig.builder().code("c").expiry("e").build(), CouponType.SINGLE);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 500; i++) {
                    String code = "T" + id + "-" + i;
                    String body = "{\"c\":\"" + code + "\",\"e\":" + (1_700_000_000L + i) + "}";
                    assertThat(codes(m, body)).containsExactly(code);
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(errors).isEmpty();
  }
}
