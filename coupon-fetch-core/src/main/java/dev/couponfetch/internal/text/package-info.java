/**
 * Text from outside made safe to show: {@code Printable} escapes what a terminal would obey
 * (control characters, bidi overrides); {@code Redactor} masks a request's secrets (a coupon
 * fetch's or a token request's) where they stand and, through {@code SecretText}, known secret
 * values in free text. Not API: used by core's report and by the transports.
 */
package dev.couponfetch.internal.text;
