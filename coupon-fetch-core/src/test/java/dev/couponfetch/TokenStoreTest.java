package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TokenStoreTest {
  private static final String ACCESS = "at-Secret-4471";
  private static final String REFRESH = "rt-Secret-9913";

  @TempDir static Path dir;

  static Stream<Supplier<TokenStore>> stores() {
    return Stream.of(
        TokenStores::inMemory,
        () -> TokenStores.file(dir.resolve("tokens-" + System.nanoTime() + ".json")));
  }

  private static OAuthTokens tokens(String access, String refresh) {
    return OAuthTokens.of(access, refresh, Instant.parse("2027-03-01T00:00:00Z"), "coupons");
  }

  @ParameterizedTest
  @MethodSource("stores")
  void compareAndSet_absentThenPresent_followsExpectedValue(Supplier<TokenStore> factory) {
    TokenStore store = factory.get();
    OAuthTokens first = tokens(ACCESS, REFRESH);
    OAuthTokens second = tokens("at-2", "rt-2");

    assertThat(store.get("acme")).isEmpty();
    assertThat(store.compareAndSet("acme", null, first)).isTrue();
    assertThat(store.compareAndSet("acme", null, second)).isFalse();
    assertThat(store.get("acme")).contains(first);
    assertThat(store.compareAndSet("acme", second, first)).isFalse();
    assertThat(store.compareAndSet("acme", first, second)).isTrue();
    assertThat(store.get("acme")).contains(second);
    assertThat(store.get("other")).isEmpty();
    assertThat(store.compareAndSet("acme", second, null)).isTrue();
    assertThat(store.get("acme")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void compareAndSet_concurrentRenewals_noUpdateLost(Supplier<TokenStore> factory)
      throws Exception {
    TokenStore store = factory.get();
    store.compareAndSet("acme", null, tokens("0", "rt"));
    int threads = 8;
    int increments = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < increments; i++) {
                  while (true) {
                    OAuthTokens seen = store.get("acme").orElseThrow();
                    int n = Integer.parseInt(seen.accessToken().orElseThrow().reveal());
                    if (store.compareAndSet("acme", seen, tokens(String.valueOf(n + 1), "rt"))) {
                      break;
                    }
                  }
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(store.get("acme").orElseThrow().accessToken().orElseThrow().reveal())
        .isEqualTo(String.valueOf(threads * increments));
  }

  @Test
  void file_secondInstance_seesTheSameTokens_andFileIsOwnerOnly() throws Exception {
    Path file = dir.resolve("shared/tokens.json");
    TokenStore a = TokenStores.file(file);
    TokenStore b = TokenStores.file(file);
    OAuthTokens t = tokens(ACCESS, REFRESH);

    assertThat(a.compareAndSet("acme", null, t)).isTrue();

    assertThat(b.get("acme")).contains(t);
    assertThat(b.compareAndSet("acme", null, tokens("x", "y"))).isFalse();
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("tokens.json", "tokens.json.lock");
  }

  @Test
  void file_unreadable_failsWithoutQuotingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("broken.json"), "{\"tokens\": " + ACCESS);

    Throwable e =
        org.assertj.core.api.Assertions.catchThrowable(() -> TokenStores.file(file).get("acme"));

    assertThat(e).hasMessageContaining("broken.json");
    assertThat(e.toString()).doesNotContain(ACCESS);
    assertThat(e.getCause().getCause()).isNull();
  }

  @Test
  @org.junit.jupiter.api.Timeout(20)
  void file_namedPipeOrDevice_isRefusedWithoutOpeningIt() throws Exception {
    Path device = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(device), "no /dev/zero here");
    Path fifo = dir.resolve("fifo-" + System.nanoTime());
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    boolean made = mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0;

    for (Path p : made ? List.of(device, fifo) : List.of(device)) {
      Throwable e =
          org.assertj.core.api.Assertions.catchThrowable(() -> TokenStores.file(p).get("acme"));
      assertThat(e).as(p.toString()).hasMessageContaining(p + ": it is not a regular file");
    }
  }

  @Test
  void file_largerThanTheLimit_isRefused() throws Exception {
    Path file = dir.resolve("huge.json");
    try (var out = Files.newOutputStream(file)) {
      byte[] block = new byte[1024 * 1024];
      java.util.Arrays.fill(block, (byte) ' ');
      for (int i = 0; i <= 16; i++) {
        out.write(block);
      }
    }

    Throwable e =
        org.assertj.core.api.Assertions.catchThrowable(() -> TokenStores.file(file).get("acme"));

    assertThat(e).hasMessageContaining("larger than 16 MiB");
  }

  @Test
  void file_folderIsAFile_saysWhichFileAndWhy() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("plain-" + System.nanoTime()), "x");
    Path file = notAFolder.resolve("tokens.json");

    Throwable e =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> TokenStores.file(file).compareAndSet("acme", null, tokens(ACCESS, REFRESH)));

    assertThat(e)
        .hasMessageStartingWith("cannot write token store " + file + ": ")
        .hasMessageContaining("is not a folder")
        .hasMessageNotContaining("Exception");
  }

  @Test
  void file_folderNotWritable_saysWhichFileAndWhy() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("read-only-" + System.nanoTime()));
    Path file = folder.resolve("tokens.json");
    Files.writeString(file, "{\"tokens\":{}}");
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-x------"));
    try {
      org.junit.jupiter.api.Assumptions.assumeFalse(
          Files.isWritable(folder), "running as a user who may write anywhere (root)");

      Throwable e =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> TokenStores.file(file).compareAndSet("acme", null, tokens(ACCESS, REFRESH)));

      assertThat(e)
          .hasMessageStartingWith("cannot write token store " + file + ": permission denied")
          .hasMessageNotContaining("Exception");
    } finally {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void toString_neverShowsATokenOrTheStoreContents() {
    OAuthTokens t = tokens(ACCESS, REFRESH);
    TokenStore store = TokenStores.inMemory();
    store.compareAndSet("acme", null, t);

    assertThat(t.toString() + store + TokenStores.file(dir.resolve("t.json")))
        .doesNotContain(ACCESS)
        .doesNotContain(REFRESH)
        .contains("****");
  }

  @Test
  void isUsable_respectsMarginAndUnknownExpiry() {
    Instant now = Instant.parse("2027-01-01T00:00:00Z");
    OAuthTokens soon = OAuthTokens.of("a", null, now.plusSeconds(30), null);
    OAuthTokens unknown = OAuthTokens.of("a", null, null, null);
    OAuthTokens refreshOnly = OAuthTokens.of(null, "r", null, null);

    assertThat(soon.isUsable(now, java.time.Duration.ofSeconds(60))).isFalse();
    assertThat(soon.isUsable(now, java.time.Duration.ofSeconds(10))).isTrue();
    assertThat(unknown.isUsable(now, java.time.Duration.ofSeconds(60))).isTrue();
    assertThat(refreshOnly.isUsable(now, java.time.Duration.ZERO)).isFalse();
  }
}
