package dev.couponfetch.examples.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package of the published modules (core and the transport) says what it is for: a {@code
 * package-info.java} whose Javadoc is at least a sentence. The javadoc jar's doclint checks the
 * comments' form; this checks that they are there.
 */
class PackageDocsTest {
  private static final List<Path> PUBLISHED_SOURCES =
      List.of(
          Path.of("..", "coupon-fetch-core", "src", "main", "java"),
          Path.of("..", "coupon-fetch-httpclient", "src", "main", "java"));

  private static final Pattern DOC =
      Pattern.compile("/\\*\\*(.*?)\\*/\\s*package\\s", Pattern.DOTALL);

  @Test
  void everyPublishedPackage_hasPackageInfoSayingWhatItIsFor() throws IOException {
    List<String> undocumented = new ArrayList<>();
    int packages = 0;
    for (Path root : PUBLISHED_SOURCES) {
      assertThat(root).as("sources of a published module").isDirectory();
      for (Path dir : packagesWithClasses(root)) {
        packages++;
        String name =
            root.relativize(dir).toString().replace(dir.getFileSystem().getSeparator(), ".");
        Path info = dir.resolve("package-info.java");
        if (!Files.exists(info)) {
          undocumented.add(name + ": no package-info.java");
          continue;
        }
        Matcher doc = DOC.matcher(Files.readString(info));
        String text = doc.find() ? doc.group(1).replaceAll("\\s*\\*\\s*", " ").trim() : "";
        if (text.length() < 40 || !text.contains(".")) {
          undocumented.add(name + ": its package-info has no Javadoc sentence (\"" + text + "\")");
        }
      }
    }
    assertThat(packages).as("packages found").isGreaterThan(5);
    assertThat(undocumented).as("packages without a description").isEmpty();
  }

  private static List<Path> packagesWithClasses(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !f.getFileName().toString().equals("package-info.java"))
          .filter(f -> !f.getFileName().toString().equals("module-info.java"))
          .map(Path::getParent)
          .distinct()
          .sorted()
          .toList();
    }
  }
}
