package io.fetchd.metrics;

import io.fetchd.client.policy.BlockReason;
import java.util.ArrayList;
import java.util.List;

/**
 * The closed value sets of fetchd's bounded tags, registered at zero so that a rate over a series
 * that has not happened yet is 0, not absent. Any thread (constants and pure functions).
 */
public final class Labels {
  private Labels() {}

  public static final String NONE = "none";
  public static final String OTHER = "other";

  /** {@code outcome}: a final 2xx is a success, everything else a failure. */
  public static final List<String> OUTCOMES = List.of("success", "failure");

  /**
   * {@code error_type}: every {@code FetchException.type()} name, plus {@code none} for a success.
   * A test keeps this list equal to the sealed family.
   */
  public static final List<String> ERROR_TYPES =
      List.of(
          NONE,
          "InvalidUrl", "UnsupportedScheme", "InvalidRequest", "BlockedAddress",
          "DnsFailure", "DnsTimeout", "ConnectRefused", "ConnectFailed", "ConnectTimeout",
          "TlsFailure", "TlsHandshakeTimeout", "FirstByteTimeout", "IdleReadTimeout",
          "DeadlineExceeded", "HttpStatus", "TooManyRedirects", "RedirectLoop", "BodyTooLarge",
          "ProtocolError", "ConnectionReset", "QueueFull", "Cancelled", "MemoryBudgetExceeded");

  /** {@code status_class}: the final response's class, or {@code none} when no response came. */
  public static final List<String> STATUS_CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx", NONE);

  /** {@code phase}: each {@link io.fetchd.client.Phase}'s metric name, in order. */
  public static final List<String> PHASES =
      java.util.Arrays.stream(io.fetchd.client.Phase.values()).map(io.fetchd.client.Phase::metricName).toList();

  /**
   * {@code reason} of retries: the retried error type, {@code stale_connection}, or {@code
   * status_NNN} for a retried status ({@link #retryReason}).
   */
  public static final List<String> RETRY_REASONS =
      List.of("stale_connection", "ConnectRefused", "ConnectFailed", "ConnectTimeout",
          "ConnectionReset", "status_429", "status_502", "status_503", "status_504");

  /** {@code reason} of blocked destinations: {@link BlockReason#metricName()} of each constant. */
  public static final List<String> BLOCK_REASONS = blockReasons();

  /** {@code cache} of DNS lookups. */
  public static final List<String> DNS_CACHE = List.of("hit", "miss");

  /** {@code reason} of rejected REST requests. */
  public static final List<String> REJECT_REASONS = List.of("overload", "auth", "bad_input");

  private static List<String> blockReasons() {
    List<String> out = new ArrayList<>();
    for (BlockReason r : BlockReason.values()) {
      out.add(r.metricName());
    }
    return List.copyOf(out);
  }

  /** {@code 4xx} for 404; {@code none} outside 100..599. */
  public static String statusClass(int status) {
    return status >= 100 && status < 600 ? STATUS_CLASSES.get(status / 100 - 1) : NONE;
  }

  /**
   * Maps a {@code FetchListener.retrying} reason onto a bounded value: {@code "status 503"} becomes
   * {@code status_503}; any other text not made of letters and underscores becomes {@code other}.
   */
  public static String retryReason(String reason) {
    if (reason == null) {
      return OTHER;
    }
    if (reason.startsWith("status ")) {
      String code = reason.substring(7).trim();
      if (code.length() == 3 && code.chars().allMatch(Character::isDigit)) {
        int c = Integer.parseInt(code);
        return c >= 100 && c < 600 ? "status_" + c : OTHER;
      }
      return OTHER;
    }
    if (reason.isEmpty() || reason.length() > 40) {
      return OTHER;
    }
    for (int i = 0; i < reason.length(); i++) {
      char ch = reason.charAt(i);
      if (!(ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) {
        return OTHER;
      }
    }
    return reason;
  }
}
