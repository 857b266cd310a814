package dev.couponfetch;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a token goes on the coupon request ({@code OAUTH2} access tokens, {@code SESSION} tokens):
 * a header with an optional prefix ({@code Authorization: Bearer <token>}, the default; {@code
 * X-Auth-Token: <token>}), a query parameter, or a cookie. In JSON the fields {@code
 * auth.tokenHeader} and {@code auth.tokenPrefix}, or {@code auth.tokenQueryParam}, or {@code
 * auth.tokenCookie}. Immutable and thread-safe.
 *
 * <p>Whatever the place, the token is marked sensitive: masked in reports, and a header or cookie
 * never follows a redirect to another origin.
 */
public final class TokenPlacement {
  /** The place of a token. */
  public enum Place {
    /** A request header, after {@link #prefix()}. */
    HEADER,
    /** A query parameter. */
    QUERY,
    /** A cookie ({@code Cookie: name=token}). */
    COOKIE
  }

  /** {@code Authorization: Bearer <token>} (RFC 6750), the default. */
  public static final TokenPlacement BEARER =
      new TokenPlacement(Place.HEADER, "Authorization", "Bearer ");

  private final Place place;
  private final String name;
  private final String prefix;

  private TokenPlacement(Place place, String name, String prefix) {
    this.place = place;
    this.name = name;
    this.prefix = prefix;
  }

  /**
   * The token in header {@code name} after {@code prefix} ({@code "Bearer "}, {@code "Token "}, or
   * empty); the prefix is sent as given, so it usually ends with a space.
   */
  public static TokenPlacement header(String name, String prefix) {
    return new TokenPlacement(
        Place.HEADER,
        Objects.requireNonNull(name, "name == null"),
        Objects.requireNonNull(prefix, "prefix == null"));
  }

  /**
   * The token in header {@code name} after the prefix usual for it: {@code "Bearer "} for {@code
   * Authorization}, none for any other header.
   */
  public static TokenPlacement header(String name) {
    Objects.requireNonNull(name, "name == null");
    return header(name, defaultPrefix(name));
  }

  /** The token as the query parameter {@code name}. */
  public static TokenPlacement query(String name) {
    return new TokenPlacement(Place.QUERY, Objects.requireNonNull(name, "name == null"), "");
  }

  /** The token as the cookie {@code name}. */
  public static TokenPlacement cookie(String name) {
    return new TokenPlacement(Place.COOKIE, Objects.requireNonNull(name, "name == null"), "");
  }

  /** The prefix a header gets when none is configured: {@code "Bearer "} for Authorization. */
  public static String defaultPrefix(String headerName) {
    return headerName.toLowerCase(Locale.ROOT).equals("authorization") ? "Bearer " : "";
  }

  /** Where the token goes. */
  public Place place() {
    return place;
  }

  /** The header, query parameter or cookie name. */
  public String name() {
    return name;
  }

  /** What precedes the token in a header; empty for the other places. */
  public String prefix() {
    return prefix;
  }

  /** {@code request} with {@code token} in its place, marked sensitive. */
  public PreparedRequest applyTo(PreparedRequest request, String token) {
    Objects.requireNonNull(token, "token == null");
    switch (place) {
      case QUERY:
        return request.withQueryParam(name, token, true);
      case COOKIE:
        return request.withHeader("Cookie", name + "=" + token, true);
      default:
        return request.withHeader(name, prefix + token, true);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TokenPlacement)) {
      return false;
    }
    TokenPlacement that = (TokenPlacement) o;
    return place == that.place && name.equals(that.name) && prefix.equals(that.prefix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(place, name, prefix);
  }

  /** The place and name, such as {@code header Authorization: Bearer ****}. */
  @Override
  public String toString() {
    switch (place) {
      case QUERY:
        return "query " + name + "=" + Secret.MASK;
      case COOKIE:
        return "cookie " + name + "=" + Secret.MASK;
      default:
        return "header " + name + ": " + prefix + Secret.MASK;
    }
  }
}
