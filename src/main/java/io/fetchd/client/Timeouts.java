package io.fetchd.client;

import java.time.Duration;
import java.util.Objects;

/**
 * The named timeouts of one fetch. Each, when it fires, fails the fetch with its own exception
 * (in parentheses). All are scheduled on the reactor; none blocks.
 *
 * @param dns name resolution ({@link DnsTimeoutException}); default 5 s
 * @param connect TCP connect to the checked address ({@link ConnectTimeoutException}); default 5 s
 * @param tlsHandshake TLS handshake ({@link TlsHandshakeTimeoutException}); default 10 s
 * @param firstByte from the request written to the first response byte ({@link
 *     FirstByteTimeoutException}); default 15 s
 * @param idleRead no response byte for this long while reading ({@link
 *     IdleReadTimeoutException}); default 15 s
 * @param queue waiting for a per-origin or global connection slot ({@link QueueFullException});
 *     default 30 s
 * @param deadline the whole fetch, queueing, redirects, retries and backoff included ({@link
 *     DeadlineExceededException}); default 60 s
 */
public record Timeouts(
    Duration dns,
    Duration connect,
    Duration tlsHandshake,
    Duration firstByte,
    Duration idleRead,
    Duration queue,
    Duration deadline) {

  /** The defaults listed above. */
  public static final Timeouts DEFAULTS =
      new Timeouts(
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(15),
          Duration.ofSeconds(15),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60));

  /**
   * Checks the components.
   *
   * @param dns name resolution ({@link DnsTimeoutException})
   * @param connect TCP connect to the checked address ({@link ConnectTimeoutException})
   * @param tlsHandshake TLS handshake ({@link TlsHandshakeTimeoutException})
   * @param firstByte from the request written to the first response byte ({@link
   *     FirstByteTimeoutException})
   * @param idleRead no response byte for this long while reading ({@link IdleReadTimeoutException})
   * @param queue waiting for a per-origin or global connection slot ({@link QueueFullException})
   * @param deadline the whole fetch, queueing, redirects, retries and backoff included ({@link
   *     DeadlineExceededException})
   */
  public Timeouts {
    positive("dns", dns);
    positive("connect", connect);
    positive("tlsHandshake", tlsHandshake);
    positive("firstByte", firstByte);
    positive("idleRead", idleRead);
    positive("queue", queue);
    positive("deadline", deadline);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("timeouts." + name + " must be positive, got " + d);
    }
  }

  /**
   * A copy with {@code dns} replaced.
   *
   * @param d the new {@code dns}
   * @return a copy of this Timeouts
   */
  public Timeouts withDns(Duration d) {
    return new Timeouts(d, connect, tlsHandshake, firstByte, idleRead, queue, deadline);
  }

  /**
   * A copy with {@code connect} replaced.
   *
   * @param d the new {@code connect}
   * @return a copy of this Timeouts
   */
  public Timeouts withConnect(Duration d) {
    return new Timeouts(dns, d, tlsHandshake, firstByte, idleRead, queue, deadline);
  }

  /**
   * A copy with {@code tlsHandshake} replaced.
   *
   * @param d the new {@code tlsHandshake}
   * @return a copy of this Timeouts
   */
  public Timeouts withTlsHandshake(Duration d) {
    return new Timeouts(dns, connect, d, firstByte, idleRead, queue, deadline);
  }

  /**
   * A copy with {@code firstByte} replaced.
   *
   * @param d the new {@code firstByte}
   * @return a copy of this Timeouts
   */
  public Timeouts withFirstByte(Duration d) {
    return new Timeouts(dns, connect, tlsHandshake, d, idleRead, queue, deadline);
  }

  /**
   * A copy with {@code idleRead} replaced.
   *
   * @param d the new {@code idleRead}
   * @return a copy of this Timeouts
   */
  public Timeouts withIdleRead(Duration d) {
    return new Timeouts(dns, connect, tlsHandshake, firstByte, d, queue, deadline);
  }

  /**
   * A copy with {@code queue} replaced.
   *
   * @param d the new {@code queue}
   * @return a copy of this Timeouts
   */
  public Timeouts withQueue(Duration d) {
    return new Timeouts(dns, connect, tlsHandshake, firstByte, idleRead, d, deadline);
  }

  /**
   * A copy with {@code deadline} replaced.
   *
   * @param d the new {@code deadline}
   * @return a copy of this Timeouts
   */
  public Timeouts withDeadline(Duration d) {
    return new Timeouts(dns, connect, tlsHandshake, firstByte, idleRead, queue, d);
  }
}
