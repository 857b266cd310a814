/**
 * Text from outside made safe to show: {@code Printable} escapes what a terminal would obey
 * (control characters, bidi overrides), {@code SecretText} masks known secret values in free text.
 * Not API: used by core's report and by the transports.
 */
package dev.couponfetch.internal.text;
