package dev.couponfetch.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.RequestMethod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** HTTP Digest against a real Jetty server that verifies the hash (RFC 7616, MD5 and SHA-256). */
@ParameterizedClass
@EnumSource(FetchMode.class)
class DigestAuthTest {
  @Parameter FetchMode mode;

  @TempDir Path dir;

  private final HttpClientCouponFetcher fetcher =
      HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();
  private DigestServer server;

  @AfterEach
  void stop() throws Exception {
    fetcher.close();
    if (server != null) {
      server.stop();
    }
  }

  private CouponSourceConfig config(RequestMethod method, String password) {
    CouponSourceConfig.Builder b =
        CouponSourceConfig.builder(server.baseUrl() + "/codes?campaign=spring")
            .name("digest-" + method)
            .method(method)
            .auth(AuthConfig.digest(DigestServer.USER, password))
            .mapping(MappingConfig.code("code"));
    if (method == RequestMethod.POST_JSON) {
      b.payloadJson(DigestServer.EXPECTED_BODY);
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"MD5, GET", "MD5, POST_JSON", "SHA-256, GET", "SHA-256, POST_JSON"})
  void fetch_digest_answersChallengeThenReusesIt(String algorithm, RequestMethod method)
      throws Exception {
    server = new DigestServer(algorithm, dir);
    CouponSourceConfig config = config(method, DigestServer.PASSWORD);

    CouponBatch first = mode.fetch(fetcher, config, Map.of());

    assertThat(first.first().code()).isEqualTo("DIGEST-OK");
    assertThat(server.requests()).isEqualTo(2); // 401 challenge, then the answer
    // The Authorization HttpClient computed is shown, masked, as it was sent.
    assertThat(first.exchange().request().headers())
        .contains(new PreparedRequest.Header("Authorization", "****", true));
    assertThat(first.exchange().toString()).doesNotContain("Digest ", "response=\"");

    mode.fetch(fetcher, config, Map.of());
    assertThat(server.requests()).isEqualTo(3); // the challenge is answered at once
  }

  @Test
  void fetch_digestThroughSameOriginRedirect_keepsAnsweringTheChallenge() throws Exception {
    server = new DigestServer("SHA-256", dir);
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/moved")
            .auth(AuthConfig.digest(DigestServer.USER, DigestServer.PASSWORD))
            .mapping(MappingConfig.code("code"))
            .build();

    CouponBatch batch = mode.fetch(fetcher, config, Map.of());

    assertThat(batch.first().code()).isEqualTo("DIGEST-OK");
    assertThat(server.requests()).isEqualTo(3); // 401, 302, 200
    assertThat(batch.exchange().request().uri())
        .isEqualTo(server.baseUrl() + "/codes?campaign=spring");
    assertThat(batch.exchange().request().headers())
        .contains(new PreparedRequest.Header("Authorization", "****", true));

    mode.fetch(fetcher, config, Map.of());
    assertThat(server.requests()).isEqualTo(5); // 302, 200: no new challenge
    assertThat(fetcher.digestContextsCreated()).isEqualTo(1);
  }

  @Test
  void fetch_digestFiveTimesInSequence_costsSixRequests() throws Exception {
    server = new DigestServer("SHA-256", dir);
    CouponSourceConfig config = config(RequestMethod.GET, DigestServer.PASSWORD);

    for (int i = 0; i < 5; i++) {
      assertThat(mode.fetch(fetcher, config, Map.of()).first().code()).isEqualTo("DIGEST-OK");
    }

    assertThat(server.requests()).isEqualTo(6);
    assertThat(fetcher.digestContextsCreated()).isEqualTo(1);
  }

  @Test
  void fetch_digestConfigRebuiltFromJson_sharesTheChallenge() throws Exception {
    server = new DigestServer("MD5", dir);
    String json = config(RequestMethod.GET, DigestServer.PASSWORD).toJson();

    mode.fetch(fetcher, CouponSourceConfig.fromJson(json), Map.of());
    mode.fetch(fetcher, CouponSourceConfig.fromJson(json), Map.of());

    assertThat(server.requests()).isEqualTo(3);
  }

  @Test
  void fetch_digestConcurrently_allSucceedWithFewRoundTrips() throws Exception {
    server = new DigestServer("SHA-256", dir);
    CouponSourceConfig config = config(RequestMethod.GET, DigestServer.PASSWORD);
    int threads = 4;
    int perThread = 5;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  int ok = 0;
                  for (int i = 0; i < perThread; i++) {
                    if ("DIGEST-OK".equals(mode.fetch(fetcher, config, Map.of()).first().code())) {
                      ok++;
                    }
                  }
                  return ok;
                }));
      }
      go.countDown();
      int ok = 0;
      for (Future<Integer> f : results) {
        ok += f.get(30, TimeUnit.SECONDS);
      }

      int fetches = threads * perThread;
      assertThat(ok).isEqualTo(fetches);
      long contexts = fetcher.digestContextsCreated();
      assertThat(contexts).isBetween(1L, (long) threads);
      assertThat(server.requests()).isLessThanOrEqualTo(fetches + (int) contexts);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void fetch_digestWrongPassword_isUnauthorized() throws Exception {
    server = new DigestServer("MD5", dir);

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> mode.fetch(fetcher, config(RequestMethod.GET, "wrong-password-1"), Map.of()));

    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.status()).hasValue(401);
    assertThat(e.getMessage()).startsWith("HTTP 401 from " + server.baseUrl() + "/codes");
    assertThat(e.exchange())
        .hasValueSatisfying(x -> assertThat(x.response().status()).isEqualTo(401));
    assertThat(server.requests()).isEqualTo(2); // challenge, one answer, no loop
  }

  @Test
  void fetch_digestAfterWrongPassword_correctPasswordStillWorks() throws Exception {
    server = new DigestServer("MD5", dir);
    catchThrowableOfType(
        CouponFetchException.class,
        () -> mode.fetch(fetcher, config(RequestMethod.GET, "wrong-password-1"), Map.of()));

    CouponBatch batch =
        mode.fetch(fetcher, config(RequestMethod.GET, DigestServer.PASSWORD), Map.of());

    assertThat(batch.first().code()).isEqualTo("DIGEST-OK");
  }
}
