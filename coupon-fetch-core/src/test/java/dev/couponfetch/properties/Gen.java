package dev.couponfetch.properties;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A generator of test inputs: a function of a seeded random source, so that the same seed gives the
 * same inputs. Generators are stateless and may be shared; combine them with lambdas ({@code r ->
 * new Case(a.next(r), b.next(r))}) and the combinators below. Numbers, sizes and characters lean
 * towards their edges (bounds, zero, empty, surrogates) as property-based tools do.
 *
 * <p>Run them with {@link PropertyCheck}.
 */
@FunctionalInterface
public interface Gen<T> {
  /** One value, drawn from {@code random}. */
  T next(RandomGenerator random);

  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    return r -> f.apply(next(r));
  }

  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
    return r -> f.apply(next(r)).next(r);
  }

  /** Values that pass {@code keep}; fails loudly when almost nothing does. */
  default Gen<T> filter(Predicate<? super T> keep) {
    return r -> {
      for (int i = 0; i < 10_000; i++) {
        T value = next(r);
        if (keep.test(value)) {
          return value;
        }
      }
      throw new IllegalStateException("filter rejected 10,000 values in a row");
    };
  }

  /** Lists of {@code minSize} to {@code maxSize} values (often empty or short). */
  default Gen<List<T>> list(int minSize, int maxSize) {
    return r -> {
      int n = size(r, minSize, maxSize);
      List<T> l = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        l.add(next(r));
      }
      return l;
    };
  }

  static <T> Gen<T> constant(T value) {
    return r -> value;
  }

  /** One of {@code values}, each as likely. */
  @SafeVarargs
  static <T> Gen<T> of(T... values) {
    List<T> l = new ArrayList<>();
    for (T v : values) {
      l.add(v);
    }
    return elementOf(l);
  }

  /** One of {@code values}, each as likely. */
  static <T> Gen<T> elementOf(List<? extends T> values) {
    List<? extends T> copy = List.copyOf(values);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("values is empty");
    }
    return r -> copy.get(r.nextInt(copy.size()));
  }

  static <E extends Enum<E>> Gen<E> valueOf(Class<E> type) {
    return elementOf(List.of(type.getEnumConstants()));
  }

  /** One of {@code gens}, each as likely. */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<Gen<? extends T>> copy = new ArrayList<>();
    for (Gen<? extends T> g : gens) {
      copy.add(g);
    }
    return r -> copy.get(r.nextInt(copy.size())).next(r);
  }

  /**
   * Starts a weighted choice: {@code frequency(3, a).or(1, b)} draws from a three times in four.
   */
  static <T> Frequency<T> frequency(int weight, Gen<? extends T> gen) {
    return new Frequency<T>(List.of(), List.of()).or(weight, gen);
  }

  /** Integers in {@code [min, max]}: a tenth are edges (bounds, 0, ±1), a fifth small. */
  static Gen<Integer> ints(int min, int max) {
    return longs(min, max).map(Long::intValue);
  }

  /** Longs in {@code [min, max]}: a tenth are edges (bounds, 0, ±1), a fifth small. */
  static Gen<Long> longs(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("min > max");
    }
    long[] edges =
        Arrays.stream(new long[] {min, max, 0, 1, -1, min + 1, max - 1})
            .filter(e -> e >= min && e <= max)
            .toArray();
    long smallFrom = Math.max(min, Math.min(max, -100));
    long smallTo = Math.min(max, Math.max(smallFrom, 100));
    return r -> {
      int roll = r.nextInt(10);
      if (roll == 0) {
        return edges[r.nextInt(edges.length)];
      }
      if (roll < 3) {
        return between(r, smallFrom, smallTo);
      }
      return between(r, min, max);
    };
  }

  private static long between(RandomGenerator r, long min, long max) {
    if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
      return r.nextLong();
    }
    return max == Long.MAX_VALUE ? r.nextLong(min - 1, max) + 1 : r.nextLong(min, max + 1);
  }

  /** Big integers in {@code [min, max]}, with the same lean towards edges as {@link #longs}. */
  static Gen<BigInteger> bigIntegers(BigInteger min, BigInteger max) {
    BigInteger span = max.subtract(min).add(BigInteger.ONE);
    List<BigInteger> edges = new ArrayList<>();
    for (BigInteger e :
        List.of(
            min,
            max,
            min.add(BigInteger.ONE),
            max.subtract(BigInteger.ONE),
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.ONE.negate())) {
      if (e.compareTo(min) >= 0 && e.compareTo(max) <= 0) {
        edges.add(e);
      }
    }
    Gen<Long> small = longs(-1000, 1000);
    return r -> {
      int roll = r.nextInt(10);
      if (roll == 0) {
        return edges.get(r.nextInt(edges.size()));
      }
      if (roll < 3) {
        BigInteger s = BigInteger.valueOf(small.next(r));
        if (s.compareTo(min) >= 0 && s.compareTo(max) <= 0) {
          return s;
        }
      }
      byte[] bytes = new byte[span.bitLength() / 8 + 2];
      r.nextBytes(bytes);
      return min.add(new BigInteger(1, bytes).mod(span));
    };
  }

  /** Decimals in {@code [min, max]} with exactly {@code scale} fraction digits. */
  static Gen<BigDecimal> bigDecimals(BigDecimal min, BigDecimal max, int scale) {
    return bigIntegers(
            min.setScale(scale, java.math.RoundingMode.CEILING).unscaledValue(),
            max.setScale(scale, java.math.RoundingMode.FLOOR).unscaledValue())
        .map(unscaled -> new BigDecimal(unscaled, scale));
  }

  /** Characters that break text handling, used as edges of a character range. */
  String EDGE_CHARS =
      "\u0000\t\n\r \u007f\u0080\u00a0\u00ff\u2028\ud7ff\ud800\udbff\udc00\udfff\ue000\ufeff\ufffd\uffff";

  /** Characters in {@code [min, max]}: a tenth are edges ({@link #EDGE_CHARS}, the bounds). */
  static Gen<Character> chars(char min, char max) {
    StringBuilder edges = new StringBuilder().append(min).append(max);
    for (char c : EDGE_CHARS.toCharArray()) {
      if (c >= min && c <= max) {
        edges.append(c);
      }
    }
    String e = edges.toString();
    return r ->
        r.nextInt(10) == 0 ? e.charAt(r.nextInt(e.length())) : (char) r.nextInt(min, max + 1);
  }

  /** One of the characters of {@code set}, each as likely. */
  static Gen<Character> chars(String set) {
    return r -> set.charAt(r.nextInt(set.length()));
  }

  /** Strings of {@code minLength} to {@code maxLength} characters (often empty or short). */
  static Gen<String> strings(Gen<Character> chars, int minLength, int maxLength) {
    return r -> {
      int n = size(r, minLength, maxLength);
      StringBuilder s = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        s.append(chars.next(r).charValue());
      }
      return s.toString();
    };
  }

  /** {@code minPieces} to {@code maxPieces} strings joined together. */
  static Gen<String> concat(Gen<String> pieces, int minPieces, int maxPieces) {
    return pieces.list(minPieces, maxPieces).map(l -> String.join("", l));
  }

  /** Byte arrays of {@code minLength} to {@code maxLength} random bytes. */
  static Gen<byte[]> bytes(int minLength, int maxLength) {
    return r -> {
      byte[] b = new byte[size(r, minLength, maxLength)];
      r.nextBytes(b);
      return b;
    };
  }

  /**
   * A size in {@code [min, max]}: a twentieth each {@code min} and {@code max}, half small (up to
   * {@code min + 8}), the rest uniform.
   */
  static int size(RandomGenerator r, int min, int max) {
    if (min > max) {
      throw new IllegalArgumentException("min > max");
    }
    int roll = r.nextInt(20);
    if (roll == 0) {
      return min;
    }
    if (roll == 1) {
      return max;
    }
    if (roll < 12) {
      return min + r.nextInt(Math.min(max - min, 8) + 1);
    }
    return min + r.nextInt(max - min + 1);
  }

  /** A weighted choice among generators; immutable. */
  final class Frequency<T> implements Gen<T> {
    private final List<Integer> weights;
    private final List<Gen<? extends T>> gens;
    private final int total;

    private Frequency(List<Integer> weights, List<Gen<? extends T>> gens) {
      this.weights = List.copyOf(weights);
      this.gens = List.copyOf(gens);
      this.total = weights.stream().mapToInt(Integer::intValue).sum();
    }

    /** This choice, and {@code gen} with {@code weight}. */
    public Frequency<T> or(int weight, Gen<? extends T> gen) {
      if (weight <= 0) {
        throw new IllegalArgumentException("weight must be positive: " + weight);
      }
      List<Integer> w = new ArrayList<>(weights);
      List<Gen<? extends T>> g = new ArrayList<>(gens);
      w.add(weight);
      g.add(gen);
      return new Frequency<>(w, g);
    }

    @Override
    public T next(RandomGenerator random) {
      int pick = random.nextInt(total);
      for (int i = 0; ; i++) {
        pick -= weights.get(i);
        if (pick < 0) {
          return gens.get(i).next(random);
        }
      }
    }
  }
}
