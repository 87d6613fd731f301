package io.fetchd.client;

/**
 * The phases of one attempt, in the order they happen, as {@link FetchListener} reports them in
 * start/end pairs and {@link Timings} holds their durations. Immutable; any thread.
 */
public enum Phase {
  /** Waiting for a request slot of the origin, then of the fetcher. */
  QUEUE("queue"),
  /** Resolving the host's name (absent for an IP literal or a pooled connection). */
  DNS("dns"),
  /** Opening the TCP connection (absent for a pooled connection). */
  CONNECT("connect"),
  /** The TLS handshake (https only, absent for a pooled connection). */
  TLS("tls"),
  /** From the request written to the first response byte. */
  TTFB("ttfb"),
  /** From the first response byte to the last. */
  TRANSFER("transfer");

  private final String metricName;

  Phase(String metricName) {
    this.metricName = metricName;
  }

  /**
   * The phase's name in metrics ({@code fetchd_fetch_phase_duration_seconds{phase=...}}).
   *
   * @return the lower-case name, such as {@code dns}
   */
  public String metricName() {
    return metricName;
  }
}
