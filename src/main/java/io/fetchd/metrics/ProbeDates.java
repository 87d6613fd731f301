package io.fetchd.metrics;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * HTTP dates as Go's {@code http.ParseTime} reads them: RFC 1123 ({@code Sun, 06 Nov 1994
 * 08:49:37 GMT}), RFC 850 ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and ANSI C's asctime ({@code
 * Sun Nov  6 08:49:37 1994}). Pure; any thread.
 */
final class ProbeDates {
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
  /** Two-digit years 69-99 are 19xx, 00-68 20xx, as Go reads them. */
  private static final DateTimeFormatter RFC_850 =
      new java.time.format.DateTimeFormatterBuilder()
          .appendPattern("EEEE, dd-MMM-")
          .appendValueReduced(java.time.temporal.ChronoField.YEAR, 2, 2, 1969)
          .appendPattern(" HH:mm:ss 'GMT'")
          .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

  private ProbeDates() {}

  /** The date in unix seconds, or null when absent or in none of the three forms. */
  static Long parseHttpDate(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    for (DateTimeFormatter f : new DateTimeFormatter[] {RFC_1123, RFC_850, ASCTIME}) {
      try {
        return LocalDateTime.parse(v, f).toEpochSecond(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return null;
  }
}
