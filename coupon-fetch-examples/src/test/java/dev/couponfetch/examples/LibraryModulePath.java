package dev.couponfetch.examples;

import dev.couponfetch.CouponFetcher;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The module path an application embedding coupon-fetch needs, taken from this test JVM's class
 * path: core (its {@code target/classes} directory in a reactor build, or its jar), the transport's
 * jar (an automatic module needs its manifest), and only the jars they need at run time. Micrometer
 * is left out on purpose: it is an optional dependency of the transport, so an application must run
 * without it.
 */
final class LibraryModulePath {
  /** The artifacts core and the transport need at run time, by jar file name. */
  static final List<String> REQUIRED =
      List.of(
          "jackson-databind",
          "jackson-core",
          "jackson-annotations",
          "json-path",
          "json-smart",
          "accessors-smart",
          "asm",
          "slf4j-api",
          "httpclient5",
          "httpcore5",
          "httpcore5-h2",
          "oauth2-oidc-sdk",
          "nimbus-jose-jwt",
          "content-type",
          "lang-tag",
          "resilience4j-core",
          "resilience4j-circuitbreaker",
          "resilience4j-bulkhead",
          "resilience4j-ratelimiter");

  /** Needed only by some versions of the artifacts above (newer Nimbus jars shade it). */
  static final List<String> OPTIONAL = List.of("jcip-annotations");

  private LibraryModulePath() {}

  /**
   * The module path, library modules first.
   *
   * @throws AssertionError naming every artifact missing from the class path
   */
  static List<Path> fromClassPath() {
    List<Path> classPath =
        Stream.of(System.getProperty("java.class.path").split(Pattern.quote(File.pathSeparator)))
            .filter(s -> !s.isEmpty())
            .map(Path::of)
            .collect(Collectors.toList());
    List<Path> modulePath = new ArrayList<>();
    modulePath.add(explicitModule(CouponFetcher.class, "dev.couponfetch"));
    modulePath.add(automaticModule(HttpClientCouponFetcher.class, "dev.couponfetch.httpclient"));
    List<String> missing = new ArrayList<>();
    for (String artifact : REQUIRED) {
      jar(classPath, artifact).ifPresentOrElse(modulePath::add, () -> missing.add(artifact));
    }
    for (String artifact : OPTIONAL) {
      jar(classPath, artifact).ifPresent(modulePath::add);
    }
    if (!missing.isEmpty()) {
      throw new AssertionError(
          "jars the library needs on the module path are not on the test class path: "
              + missing
              + "; java.class.path = "
              + classPath);
    }
    return List.copyOf(modulePath);
  }

  /** {@code paths} joined with the platform's path separator. */
  static String join(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  /** The class path entry named {@code artifact-<version>.jar}, not a test or sources jar. */
  private static Optional<Path> jar(List<Path> classPath, String artifact) {
    Pattern name = Pattern.compile(Pattern.quote(artifact) + "-\\d[\\w.+-]*\\.jar");
    return classPath.stream()
        .filter(
            p -> {
              String file = p.getFileName() == null ? "" : p.getFileName().toString();
              return name.matcher(file).matches()
                  && !file.matches(".*-(tests|sources|javadoc)\\.jar");
            })
        .findFirst();
  }

  /** Where {@code type} was loaded from, checked to hold the explicit module {@code name}. */
  private static Path explicitModule(Class<?> type, String name) {
    Path location = location(type);
    if (!holdsModule(location, name, false)) {
      throw new AssertionError(
          location + " should hold the explicit module " + name + " (module-info.class)");
    }
    return location;
  }

  /**
   * Where {@code type} was loaded from, checked to be a jar whose manifest names the automatic
   * module {@code name} ({@code Automatic-Module-Name}), as the published jar does. A reactor build
   * that stops before {@code package} puts the module's classes directory on the class path: it has
   * no manifest, so it is no module.
   */
  private static Path automaticModule(Class<?> type, String name) {
    Path location = location(type);
    if (Files.isDirectory(location)) {
      throw new AssertionError(
          type.getName()
              + " was loaded from the directory "
              + location
              + ", not from its jar: the module-path test needs the jar the package phase builds"
              + " (run mvn verify, not mvn test)");
    }
    if (!holdsModule(location, name, true)) {
      throw new AssertionError(
          location + " should be the automatic module " + name + " (Automatic-Module-Name)");
    }
    return location;
  }

  private static boolean holdsModule(Path location, String name, boolean automatic) {
    Set<ModuleDescriptor> found =
        ModuleFinder.of(location).findAll().stream()
            .map(ModuleReference::descriptor)
            .collect(Collectors.toSet());
    return found.size() == 1
        && found.stream().allMatch(d -> d.isAutomatic() == automatic && d.name().equals(name));
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError("cannot locate " + type.getName(), e);
    }
  }
}
