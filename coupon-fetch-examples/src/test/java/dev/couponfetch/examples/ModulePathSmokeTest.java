package dev.couponfetch.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.examples.DemoConfigs.DemoCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library on the module path, as a modular application uses it. The other tests run on the
 * class path, where a missing {@code requires} or {@code exports} in a module-info goes unnoticed;
 * here a tiny application is compiled against {@code --module-path} and run in a child JVM against
 * the demo servers on loopback.
 */
class ModulePathSmokeTest {
  private static final long CHILD_TIMEOUT_SECONDS = 30;

  // What a modular application declares (the README's "Modules" section). The transport is an
  // automatic module (its jar's Automatic-Module-Name): it reads every module but cannot require
  // any, so the application names core, and the two explicit modules that the automatic ones
  // HttpClient 5 and Nimbus oauth2-oidc-sdk need at run time and cannot name themselves (without
  // them: NoClassDefFoundError jdk/net/Sockets, com/nimbusds/jose/JOSEException). Launching with
  // --add-modules jdk.net,com.nimbusds.jose.jwt does the same.
  private static final String APP_MODULE =
      """
      module app {
        requires dev.couponfetch;
        requires dev.couponfetch.httpclient;
        requires jdk.net;
        requires com.nimbusds.jose.jwt;
      }
      """;

  // Reads configs in their JSON form, tests them, fetches blocking and async. Prints whether the
  // library is an automatic module and whether Micrometer (optional) is present.
  private static final String APP_MAIN =
      """
      package app;

      import dev.couponfetch.ConfigurationTester;
      import dev.couponfetch.CouponFetcher;
      import dev.couponfetch.CouponSourceConfig;
      import dev.couponfetch.httpclient.HttpClientCouponFetcher;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.util.Map;
      import java.util.concurrent.TimeUnit;

      public final class Main {
        public static void main(String[] args) throws Exception {
          Module library = HttpClientCouponFetcher.class.getModule();
          System.out.println("library: " + library.getName()
              + " automatic=" + library.getDescriptor().isAutomatic());
          System.out.println("micrometer present: "
              + ModuleLayer.boot().findModule("micrometer.core").isPresent());
          Map<String, String> variables =
              Map.of("email", "ada@example.com", "visitorId", "visitor-42");
          try (CouponFetcher fetcher =
              HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build()) {
            for (String file : args) {
              CouponSourceConfig config = CouponSourceConfig.fromJson(Files.readString(Path.of(file)));
              String name = config.name();
              System.out.println(name + " test: "
                  + new ConfigurationTester(fetcher).test(config, variables).headline());
              System.out.println(name + " fetch: " + fetcher.fetch(config, variables).first().code());
              System.out.println(name + " fetchAsync: "
                  + fetcher.fetchAsync(config, variables).get(20, TimeUnit.SECONDS).first().code());
            }
          }
        }
      }
      """;

  private static final String SNEAKY_MAIN =
      """
      package app;

      import dev.couponfetch.internal.text.Redactor;

      public final class Main {
        public static void main(String[] args) {
          System.out.println(Redactor.class);
        }
      }
      """;

  private static List<Path> modulePath;

  @TempDir Path dir;

  @BeforeAll
  static void findModulePath() {
    modulePath = LibraryModulePath.fromClassPath();
    assertThat(modulePath).noneMatch(p -> p.getFileName().toString().startsWith("micrometer"));
  }

  @Test
  void modularApp_onModulePath_testsAndFetchesBasicAndOAuth2() throws Exception {
    Compilation app = compile(dir, APP_MAIN);
    assertThat(app.success()).as("the app compiles on the module path:%n%s", app.log()).isTrue();

    try (DemoOAuthServer oauth = DemoOAuthServer.start();
        DemoCouponServer merchant = DemoCouponServer.start(oauth.verifier())) {
      List<String> configs = new ArrayList<>();
      for (DemoCase demo : DemoConfigs.all(merchant, oauth)) {
        CouponSourceConfig config = demo.config();
        if (config.name().equals("demo-basic")
            || config.name().equals("demo-oauth2-client-credentials")) {
          Path file = dir.resolve(config.name() + ".json");
          Files.writeString(file, config.toJson());
          configs.add(file.toString());
        }
      }
      assertThat(configs).hasSize(2);

      ChildRun run = runApp(app.classes(), configs);

      assertThat(run.exitCode()).as("exit code; %s", run).isZero();
      assertThat(run.stdout().lines())
          .as("%s", run)
          .containsExactly(
              "library: dev.couponfetch.httpclient automatic=true",
              "micrometer present: false",
              "demo-basic test: Configuration Works!",
              run.match("demo-basic fetch: ADA-\\d+-\\w{4}"),
              run.match("demo-basic fetchAsync: ADA-\\d+-\\w{4}"),
              "demo-oauth2-client-credentials test: Configuration Works!",
              run.match("demo-oauth2-client-credentials fetch: OAUTH-\\d+-\\w{4}"),
              run.match("demo-oauth2-client-credentials fetchAsync: OAUTH-\\d+-\\w{4}"));
    }
  }

  @Test
  void modularApp_importingInternalPackages_doesNotCompile() throws IOException {
    Compilation app = compile(dir, SNEAKY_MAIN);

    assertThat(app.success()).as("compiled, but must not:%n%s", app.log()).isFalse();
    // Core's internal packages are exported to the transport only, by name, which an automatic
    // module has too. (The transport's own packages are all readable: an automatic module exports
    // every package. Its non-API classes are package-private or documented as not API.)
    assertThat(app.log())
        .contains(
            "package dev.couponfetch.internal.text is declared in module dev.couponfetch,"
                + " which does not export it to module app");
  }

  private record Compilation(boolean success, String log, Path classes) {}

  /** Compiles module {@code app} from {@link #APP_MODULE} and {@code mainSource}. */
  private static Compilation compile(Path dir, String mainSource) throws IOException {
    Path src = dir.resolve("src");
    Path classes = dir.resolve("classes");
    Files.createDirectories(src.resolve("app"));
    Files.createDirectories(classes);
    Path moduleInfo = Files.writeString(src.resolve("module-info.java"), APP_MODULE);
    Path main = Files.writeString(src.resolve("app/Main.java"), mainSource);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8)) {
      // javac in this JVM would otherwise take the test class path, where the library's packages
      // are in the unnamed module.
      files.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of());
      List<String> options =
          List.of("--module-path", LibraryModulePath.join(modulePath), "-d", classes.toString());
      boolean success =
          javac
              .getTask(
                  null,
                  files,
                  diagnostics,
                  options,
                  null,
                  files.getJavaFileObjectsFromPaths(List.of(moduleInfo, main)))
              .call();
      String log =
          diagnostics.getDiagnostics().stream()
              .map(
                  d ->
                      d.getKind() + " line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
              .collect(Collectors.joining("\n"));
      return new Compilation(success, log, classes);
    }
  }

  /** A finished child JVM: its exit code and output. */
  private record ChildRun(int exitCode, String stdout, String stderr) {
    /** The stdout line matching {@code regex}, or {@code regex} itself (which then fails). */
    String match(String regex) {
      return stdout.lines().filter(l -> l.matches(regex)).findFirst().orElse(regex);
    }

    @Override
    public String toString() {
      return "child JVM exit "
          + exitCode
          + "\n--- stdout ---\n"
          + stdout
          + "--- stderr ---\n"
          + stderr;
    }
  }

  private ChildRun runApp(Path classes, List<String> args)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<Path> path = new ArrayList<>(List.of(classes));
    path.addAll(modulePath);
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            java.toString(),
            // A short-lived JVM: skip the optimising compiler.
            "-XX:TieredStopAtLevel=1",
            "--module-path",
            LibraryModulePath.join(path),
            "-m",
            "app/app.Main"));
    command.addAll(args);
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    int exitCode;
    if (process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      exitCode = process.exitValue();
    } else {
      process.destroyForcibly().waitFor();
      exitCode = -1;
    }
    String err = Files.readString(stderr);
    if (exitCode == -1) {
      err += "\n(killed after " + CHILD_TIMEOUT_SECONDS + " s)";
    }
    return new ChildRun(exitCode, Files.readString(stdout), err);
  }
}
