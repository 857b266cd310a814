package dev.couponfetch.properties;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a property over explicit examples and then over seeded random inputs, from a JUnit test:
 *
 * <pre>{@code
 * PropertyCheck.forAll(VALUES).withExamples(EDGE_VALUES).tries(3000).check(v -> ...assertions...);
 * }</pre>
 *
 * <p>The seed is fixed, so every run (CI included) checks the same inputs; {@code -Dcf.seed=N}
 * checks others ({@code -Dcf.seed=random} draws one). Each property mixes the seed with its test
 * class and method name, so adding a property changes no other's inputs. Every case runs even after
 * a failure; the failure reports how many cases failed, the seed, and the shortest failing input
 * (non-ASCII and control characters escaped), with that case's error as the cause.
 *
 * <p>Immutable; {@link #check} runs every case on the calling thread.
 */
public final class PropertyCheck<T> {
  /** The system property that overrides the seed: a number ({@code 0x} allowed) or "random". */
  public static final String SEED_PROPERTY = "cf.seed";

  private static final long DEFAULT_SEED = 0x5EED_C0DEL;
  private static final long SEED = seed(System.getProperty(SEED_PROPERTY));
  private static final int MAX_DESCRIPTION = 2_000;

  private final Gen<T> gen;
  private final List<T> examples;
  private final int tries;

  private PropertyCheck(Gen<T> gen, List<T> examples, int tries) {
    this.gen = gen;
    this.examples = examples;
    this.tries = tries;
  }

  /** A check of 1,000 inputs from {@code gen}. */
  public static <T> PropertyCheck<T> forAll(Gen<T> gen) {
    return new PropertyCheck<>(gen, List.of(), 1_000);
  }

  /** Also checks {@code examples}, before the random inputs. */
  public PropertyCheck<T> withExamples(Collection<? extends T> more) {
    List<T> all = new ArrayList<>(examples);
    all.addAll(more);
    return new PropertyCheck<>(gen, Collections.unmodifiableList(all), tries);
  }

  /** Checks {@code n} random inputs. */
  public PropertyCheck<T> tries(int n) {
    return new PropertyCheck<>(gen, examples, n);
  }

  /** Holds when {@code property} returns normally for every input. */
  @FunctionalInterface
  public interface Property<T> {
    void verify(T input) throws Exception;
  }

  /** Runs {@code property} on every example and every random input; throws if any fails. */
  public void check(Property<? super T> property) {
    String name = caller();
    long propertySeed = mix(SEED ^ mix(name.hashCode()));
    Failures failures = new Failures();
    for (int i = 0; i < examples.size(); i++) {
      run(property, examples.get(i), "example " + (i + 1), failures);
    }
    int failedExamples = failures.count;
    for (int i = 0; i < tries; i++) {
      String label = "random case " + (i + 1);
      T input;
      try {
        input = gen.next(new SplittableRandom(mix(propertySeed + i * 0x9E3779B97F4A7C15L)));
      } catch (RuntimeException e) {
        throw new AssertionError(name + ": the generator failed at " + label + seedNote(name), e);
      }
      run(property, input, label, failures);
    }
    if (failures.count > 0) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "%s failed for %d of %d examples and %d of %d random cases%s%n"
                  + "shortest failing input (%s):%n  %s%nfailure: %s",
              name,
              failedExamples,
              examples.size(),
              failures.count - failedExamples,
              tries,
              seedNote(name),
              failures.label,
              failures.description,
              shorten(escape(String.valueOf(failures.error), true))),
          failures.error);
    }
  }

  private void run(Property<? super T> property, T input, String label, Failures failures) {
    try {
      property.verify(input);
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Exception | Error e) { // StackOverflowError is a failure like any other
      failures.add(label, describe(input), e);
    }
  }

  /** {@code input}'s {@code toString()}, escaped and shortened. */
  private static String describe(Object input) {
    try {
      return shorten(escape(String.valueOf(input)));
    } catch (RuntimeException e) {
      return "(cannot describe: " + e + ")";
    }
  }

  private static String seedNote(String name) {
    return String.format(
        Locale.ROOT, " (seed %d; rerun with -D%s=%d -Dtest='%s')", SEED, SEED_PROPERTY, SEED, name);
  }

  /** The failure to report: the one with the shortest input, which is the easiest to read. */
  private static final class Failures {
    int count;
    String label;
    String description;
    Throwable error;

    void add(String label, String description, Throwable error) {
      count++;
      if (this.description == null || description.length() < this.description.length()) {
        this.label = label;
        this.description = description;
        this.error = error;
      }
    }
  }

  /** {@code Class#method} of the test that called {@link #check}, even from inside a lambda. */
  private static String caller() {
    List<StackWalker.StackFrame> frames =
        StackWalker.getInstance().walk(s -> s.filter(f -> !isOwn(f.getClassName())).toList());
    if (frames.isEmpty()) {
      return "property";
    }
    String testClass = frames.get(0).getClassName();
    return frames.stream()
        .filter(f -> f.getClassName().equals(testClass) && !f.getMethodName().startsWith("lambda$"))
        .findFirst()
        .map(f -> simpleName(testClass) + "#" + f.getMethodName())
        .orElse(simpleName(testClass));
  }

  private static boolean isOwn(String className) {
    String own = PropertyCheck.class.getName();
    return className.equals(own) || className.startsWith(own + "$");
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  static long seed(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_SEED;
    }
    if (value.strip().equalsIgnoreCase("random")) {
      return ThreadLocalRandom.current().nextLong();
    }
    try {
      return Long.decode(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + SEED_PROPERTY + " must be a number or 'random', not '" + value + "'", e);
    }
  }

  /** SplitMix64's finaliser: spreads nearby seeds far apart. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** {@code s} with backslashes, control, non-ASCII and unpaired characters escaped. */
  public static String escape(String s) {
    return escape(s, false);
  }

  private static String escape(String s, boolean keepNewlines) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append(keepNewlines ? "\n" : "\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            b.append(c);
          } else {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          }
        }
      }
    }
    return b.toString();
  }

  private static String shorten(String s) {
    return s.length() <= MAX_DESCRIPTION
        ? s
        : s.substring(0, MAX_DESCRIPTION) + "... (" + (s.length() - MAX_DESCRIPTION) + " more)";
  }
}
