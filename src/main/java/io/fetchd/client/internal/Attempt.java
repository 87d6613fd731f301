package io.fetchd.client.internal;

import io.fetchd.client.Phase;
import io.fetchd.client.TlsInfo;
import java.util.Arrays;

/**
 * One attempt's record: when it started, when each phase started and how long it took ({@code
 * -1}: did not happen), and what the connection stage handed on. Written by the stages of that
 * attempt through {@link CallEvents}. Reactor thread only.
 */
final class Attempt {
  static final Phase[] PHASES = Phase.values();

  final long startNanos;
  /** True from the start until its latency is recorded ({@link Call#endAttempt}). */
  boolean open = true;
  private final long[] phaseStart = new long[PHASES.length];
  private final long[] phaseNanos = new long[PHASES.length];
  /** Bit {@code p.ordinal()} set while phase {@code p} is started and not ended. */
  private int openPhases;
  /** The slots the attempt holds, once it has them. */
  SlotStage.SlotLease lease;
  /** The connection carrying the attempt, once there is one. */
  Connection connection;
  /** True when the connection came from the pool. */
  boolean reused;
  TlsInfo tls;

  Attempt(long startNanos) {
    this.startNanos = startNanos;
    Arrays.fill(phaseNanos, -1);
  }

  void start(Phase p, long now) {
    phaseStart[p.ordinal()] = now;
    openPhases |= 1 << p.ordinal();
  }

  /** Ends {@code p} at {@code now}; returns and records its duration. */
  long end(Phase p, long now) {
    long nanos = now - phaseStart[p.ordinal()];
    phaseNanos[p.ordinal()] = nanos;
    close(p);
    return nanos;
  }

  boolean isOpen(Phase p) {
    return (openPhases & (1 << p.ordinal())) != 0;
  }

  long startOf(Phase p) {
    return phaseStart[p.ordinal()];
  }

  void close(Phase p) {
    openPhases &= ~(1 << p.ordinal());
  }

  /** How long {@code p} took, or -1 when it did not complete in this attempt. */
  long nanos(Phase p) {
    return phaseNanos[p.ordinal()];
  }

  /** True once any response byte arrived: after that a failure is never retried. */
  boolean anyResponseByte() {
    return connection != null && connection.anyResponseByte();
  }
}
