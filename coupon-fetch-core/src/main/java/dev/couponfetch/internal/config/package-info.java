/**
 * The configuration's JSON form and its validation: {@code ConfigJson} reads and writes it, {@code
 * ConfigReader} turns the JSON tree into a builder, {@code ConfigValidator} checks the built
 * config. Every problem names its JSON field and never shows a secret.
 *
 * <h2>Rules beyond the field types</h2>
 *
 * <ul>
 *   <li>{@code mapping.expiryZone} takes region ids ({@code Europe/Paris}), offsets ({@code
 *       +02:00}) and the short ids of {@link java.time.ZoneId#SHORT_IDS} ({@code EST} is {@code
 *       -05:00}, {@code PST} is {@code America/Los_Angeles}); the config is written back with the
 *       resolved id. An unknown id gets a "did you mean" hint when a known id (or short id) is the
 *       same in another case or at most two edits away ({@code Europe/Pari}).
 *   <li>A header has one source. With {@code auth.type} {@code BASIC}, {@code DIGEST} or {@code
 *       OAUTH2}, which send their own {@code Authorization} header, a config header {@code
 *       Authorization} (any case) is a problem ({@code headers.Authorization: conflicts with
 *       auth.type BASIC, which sends its own Authorization header}). With {@code HEADERS}, a config
 *       header that is also in {@code auth.headers} (names ignore case) is a problem ({@code
 *       headers.X-API-KEY: also set in auth.headers; set it in one place}).
 * </ul>
 */
package dev.couponfetch.internal.config;
