package io.fetchd.client.internal;

import io.fetchd.client.TlsInfo;

/**
 * One attempt's record: when it started, how long each phase took ({@code -1}: did not happen),
 * and what the connection stage handed on. Written by the stages of that attempt. Reactor thread
 * only.
 */
final class Attempt {
  final long startNanos;
  /** True from the start until its latency is recorded ({@link Call#endAttempt}). */
  boolean open = true;
  long queueNanos = -1;
  long dnsNanos = -1;
  long connectNanos = -1;
  long tlsNanos = -1;
  /** The slots the attempt holds, once it has them. */
  SlotStage.SlotLease lease;
  /** The connection carrying the attempt, once there is one. */
  Connection connection;
  /** True when the connection came from the pool. */
  boolean reused;
  TlsInfo tls;

  Attempt(long startNanos) {
    this.startNanos = startNanos;
  }

  /** True once any response byte arrived: after that a failure is never retried. */
  boolean anyResponseByte() {
    return connection != null && connection.anyResponseByte();
  }
}
