/**
 * Response mapping: a config's {@code mapping} compiled once ({@link
 * dev.couponfetch.internal.mapping.CompiledMapper}) and applied to every 2xx body.
 *
 * <h2>Paths</h2>
 *
 * A path starting with {@code $} is a Jayway JsonPath, evaluated on the Jackson tree; one that does
 * not compile is a config problem ({@code mapping.code: '$..[' is not a valid JsonPath expression},
 * followed by json-path's own reason when it gives one, never a Java exception name). Any other
 * path is the dotted form of the settings screen:
 *
 * <ul>
 *   <li>Segments are split on {@code .}; an empty segment ({@code a..b}, a leading or trailing dot)
 *       is a config problem.
 *   <li>A first segment {@code result} names the whole response, so {@code result.data.coupon} and
 *       {@code data.coupon} are the same path. Exception: when the response is an object with a
 *       {@code result} key, and the next segment is {@code *} or a key not found at the top, {@code
 *       result} is that key ({@code {"result":{"code":"X"}}} with {@code result.code} gives {@code
 *       X}; {@code {"result":["A"],"ok":1}} with {@code result.*} gives {@code A}).
 *   <li>A number (1 to 9 digits) indexes an array; on an object it is a key ({@code codes.0} for
 *       codes keyed {@code "0"}). {@code *} takes every element of an array or every value of an
 *       object, and may appear several times ({@code result.data.*.code}).
 *   <li>{@code [0]} and {@code [*]} may be written after a segment ({@code data[0].code}), as
 *       JavaScript users write them.
 *   <li>A backslash makes the next character literal: {@code a\.b} is the single key {@code a.b},
 *       {@code \*} the key {@code *}, {@code \[} a bracket, {@code \\} a backslash. A segment with
 *       an escape is always a plain key (never an index, wildcard or the {@code result} root).
 *   <li>A blank path is the same as no path.
 * </ul>
 *
 * <p>Either language is bounded ({@link dev.couponfetch.internal.mapping.PathLimits}): at most
 * 1,000 characters, 64 segments (each {@code .} or {@code [} outside quotes starts one), and for
 * JsonPath 16 levels of brackets and parentheses inside each other. A path beyond them is a config
 * problem ({@code mapping.code: path has 2,001 segments; at most 64 are allowed}): json-path
 * recurses per segment and level, and a few thousand overflowed the stack.
 *
 * <h2>Values</h2>
 *
 * An array at the end of a path (or at the end of each wildcard match) is unwrapped one level, so
 * {@code codes} on {@code {"codes":["A","B"]}} gives two codes; an array inside that array is not a
 * code. Under a wildcard, an element without the rest of the path keeps its place: for {@code
 * mapping.code} it fails with {@code MAPPING_NOT_FOUND} naming the element, for {@code
 * mapping.expiry} that coupon has no expiry. (JsonPath: indefinite code paths require every
 * property, indefinite expiry paths give null for a missing leaf.)
 *
 * <p>Codes: strings are trimmed of Unicode whitespace at both ends (what {@link String#strip}
 * removes, plus no-break spaces U+00A0, U+2007, U+202F and the byte order mark U+FEFF); whole
 * numbers become their exact decimal text ({@code 9007199254740993}, also for {@code 12345.0} and
 * {@code 1.2345E4}); a number with a fraction ({@code 12.5}), a blank string, null, a boolean, an
 * object, a nested array or more than 256 characters (counted in code points, so an emoji counts
 * once) is {@code INVALID_CODE}. So is a code with a control character inside it (any {@link
 * Character#isISOControl} character such as a line break, tab or NUL, or U+2028/U+2029): the
 * message names the path and shows the value escaped ({@code 'A\nB'}) and the character ({@code
 * U+000A LINE FEED (LF)}). Values in messages are cut at 100 code points, never inside a surrogate
 * pair. {@code BULK} fails on the first invalid value rather than skipping it: a bad value means
 * the mapping is wrong.
 *
 * <h2>Bodies</h2>
 *
 * With {@code mapping.code}, the body must be JSON ({@code NOT_JSON} otherwise, quoting its first
 * 100 characters); an empty or whitespace-only body is {@code NO_COUPONS}, as endpoints out of
 * stock often answer that way. Without it, the body is text: the stripped body is the one code
 * ({@code SINGLE}; several non-blank lines are {@code TOO_MANY_COUPONS}) or one code per non-blank
 * line ({@code BULK}). A JSON string literal body ({@code "ABC"}) is unwrapped; numbers are not
 * ({@code 00123} keeps its zeros); a JSON object or array, or HTML, is {@code INVALID_CODE} with a
 * hint to set {@code mapping.code}. Lines are split on CR, LF and CRLF and trimmed like codes; a
 * tab, NUL or other control character left inside a line is {@code INVALID_CODE}. {@code
 * mapping.expiry} and {@code mapping.error} need {@code mapping.code} (a config problem otherwise).
 *
 * <p>Bodies are decoded strictly, in their declared charset (UTF-8 when none; {@code US-ASCII} as
 * UTF-8): bytes that are no text there make a text body {@code INVALID_CODE} and a JSON body {@code
 * NOT_JSON}, naming the bytes, their position and line, never a code with U+FFFD in it. A code that
 * holds U+FFFD itself (garbled before it was sent, or JSON-escaped) or half of a surrogate pair
 * ({@code \ud800}) is {@code INVALID_CODE} too.
 *
 * <h2>Expiry</h2>
 *
 * One value applies to every code; a list must match the codes one for one (counted before
 * duplicates are dropped; the first occurrence's expiry wins); an empty list means no expiry. Null,
 * missing and blank values mean the coupon does not expire. {@code AUTO} picks its parser by the
 * shape of the value, so valid values never cost an exception: digits are epoch numbers (below
 * 10^11 seconds, else milliseconds; fractions allowed), {@code dddd-...} is ISO-8601 (date;
 * date-time with {@code T} or a space; offset {@code Z}, {@code +02:00}, {@code +0200}, {@code
 * +02}, or the word {@code UTC}/{@code GMT}, directly or after a space as in PHP's {@code Y-m-d
 * H:i:s O} ({@code 2027-03-01 10:00:00 +0000}); optional {@code [Region/City]}), a leading letter
 * or day number is RFC 1123 ({@code UTC} and {@code Z} are read as {@code GMT} there). Patterns are
 * compiled with {@link java.util.Locale#ENGLISH}, case-insensitively and with {@code STRICT}
 * resolution ({@code 02/30/2027} is refused; {@code yyyy} works as the era defaults to AD);
 * patterns that can never give a date ({@code YYYY-MM-dd}) or a time ({@code hh:mm} without {@code
 * a}) are config problems. A local time in a DST gap moves forward; in an overlap the earlier
 * offset is used. ISO and RFC 1123 values are read strictly as well ({@code 2027-02-30T10:00} is
 * refused, not moved to the 28th).
 *
 * <p>Only plausible expiries are read ({@link dev.couponfetch.internal.mapping.ExpiryRange}): an
 * epoch number must give an instant from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59Z, a written
 * date a year from 1900 to 9999 as written (so {@code 9999-12-31}, "never", still reads, as the
 * start of 10000-01-01); anything else is {@code EXPIRY_UNPARSEABLE} naming the value and the
 * range.
 *
 * <h2>Errors</h2>
 *
 * {@code mapping.error} is checked before the codes. A missing path means no error. Null, blank,
 * {@code false}, {@code 0} and empty containers mean no error; any other value fails with {@code
 * ENDPOINT_ERROR} carrying it ("the endpoint reported an error: campaign not found").
 */
package dev.couponfetch.internal.mapping;
