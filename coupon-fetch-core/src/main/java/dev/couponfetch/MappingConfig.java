package dev.couponfetch;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Where the code, its expiry and an error message are in the response: the config's {@code
 * mapping}. Paths starting with {@code $} are JsonPath; others are the dotted form ({@code
 * result.0.data.coupon}, {@code *} for every element).
 *
 * <p>{@link #mapper()} names the response mapper a fetcher uses: the built-in {@value
 * #STANDARD_MAPPER}, which follows these paths, by default, or one registered on the fetcher (which
 * may read the paths too, or ignore them). Immutable and thread-safe.
 */
public final class MappingConfig {
  /** The name of the built-in response mapper, which follows {@code code}, {@code expiry}, ... */
  public static final String STANDARD_MAPPER = "standard";

  /** No paths: the body itself is the code ({@code SINGLE}) or one code per line ({@code BULK}). */
  public static final MappingConfig BODY = builder().build();

  private final String code;
  private final String expiry;
  private final String expiryFormat;
  private final ZoneId expiryZone;
  private final String error;
  private final String mapper;

  private MappingConfig(Builder b) {
    this.code = b.code;
    this.expiry = b.expiry;
    this.expiryFormat = b.expiryFormat;
    this.expiryZone = b.expiryZone;
    this.error = b.error;
    this.mapper = b.mapper;
  }

  /** A mapping with the code at {@code codePath}. */
  public static MappingConfig code(String codePath) {
    return builder().code(codePath).build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this mapping's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.code = code;
    b.expiry = expiry;
    b.expiryFormat = expiryFormat;
    b.expiryZone = expiryZone;
    b.error = error;
    b.mapper = mapper;
    return b;
  }

  /** The path to the code(s), or null when the body itself holds them. */
  public String code() {
    return code;
  }

  /** The path to the expiry, or null. */
  public String expiry() {
    return expiry;
  }

  /** {@code AUTO} (default), {@code EPOCH_SECONDS}, {@code EPOCH_MILLIS} or a pattern. */
  public String expiryFormat() {
    return expiryFormat;
  }

  /** The zone of expiry values without an offset (default UTC). */
  public ZoneId expiryZone() {
    return expiryZone;
  }

  /** The path to an error message in a 2xx body, or null. */
  public String error() {
    return error;
  }

  /**
   * The name of the response mapper a fetcher uses for this config: {@value #STANDARD_MAPPER} (the
   * built-in one) unless another was configured. Syntax: {@link ExtensionNames}.
   */
  public String mapper() {
    return mapper;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MappingConfig)) {
      return false;
    }
    MappingConfig that = (MappingConfig) o;
    return Objects.equals(code, that.code)
        && Objects.equals(expiry, that.expiry)
        && expiryFormat.equals(that.expiryFormat)
        && expiryZone.equals(that.expiryZone)
        && Objects.equals(error, that.error)
        && mapper.equals(that.mapper);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, expiry, expiryFormat, expiryZone, error, mapper);
  }

  @Override
  public String toString() {
    return "MappingConfig{"
        + (mapper.equals(STANDARD_MAPPER) ? "" : "mapper=" + mapper + ", ")
        + "code="
        + code
        + ", expiry="
        + expiry
        + ", expiryFormat="
        + expiryFormat
        + ", expiryZone="
        + expiryZone
        + ", error="
        + error
        + '}';
  }

  /** Builds a {@link MappingConfig}. Not thread-safe. */
  public static final class Builder {
    private String code;
    private String expiry;
    private String expiryFormat = ExpiryFormat.AUTO;
    private ZoneId expiryZone = ZoneOffset.UTC;
    private String error;
    private String mapper = STANDARD_MAPPER;

    private Builder() {}

    /** The path to the code(s); null means the body itself. */
    public Builder code(String code) {
      this.code = code;
      return this;
    }

    /** The path to the expiry; null means none. */
    public Builder expiry(String expiry) {
      this.expiry = expiry;
      return this;
    }

    /** {@code AUTO}, {@code EPOCH_SECONDS}, {@code EPOCH_MILLIS} or a {@code java.time} pattern. */
    public Builder expiryFormat(String expiryFormat) {
      this.expiryFormat = Objects.requireNonNull(expiryFormat, "expiryFormat == null");
      return this;
    }

    /** The zone of expiry values without an offset. */
    public Builder expiryZone(ZoneId expiryZone) {
      this.expiryZone = Objects.requireNonNull(expiryZone, "expiryZone == null");
      return this;
    }

    /** The path to an error message in a 2xx body; null means none. */
    public Builder error(String error) {
      this.error = error;
      return this;
    }

    /**
     * The name of the response mapper registered on the fetcher to use (default {@value
     * #STANDARD_MAPPER}, the built-in one).
     */
    public Builder mapper(String mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper == null");
      return this;
    }

    /** The mapping; paths and the format are checked when the whole config is built. */
    public MappingConfig build() {
      return new MappingConfig(this);
    }
  }
}
