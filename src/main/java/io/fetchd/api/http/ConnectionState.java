package io.fetchd.api.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * What a connection is doing, for the handlers that judge it from outside: whether a response is
 * in progress ({@link ConnectionDispatcher}), whether a request is being received ({@link BodyDeadline}), and
 * since when it has been idle (neither), so that {@link ConnectionLimiter} can shed the longest
 * idle keep-alive connections first and {@link IdleCloser} leaves busy ones alone.
 *
 * <p>Thread rule: the connection's event loop, except {@link #idleSinceNanos()} and {@link
 * #isIdle()}, read by the limiter on the same loop (all connections share the reactor loop).
 */
final class ConnectionState {
  private static final AttributeKey<ConnectionState> KEY = AttributeKey.valueOf("fetchd.api.state");

  private boolean busy;
  private boolean receiving;
  private long idleSinceNanos;

  private ConnectionState(long nowNanos) {
    this.idleSinceNanos = nowNanos;
  }

  /** Attaches a new state to {@code ch}, idle since {@code nowNanos}. */
  static ConnectionState attach(Channel ch, long nowNanos) {
    ConnectionState s = new ConnectionState(nowNanos);
    ch.attr(KEY).set(s);
    return s;
  }

  /** {@code ch}'s state, attached now (idle since time 0) when none was. */
  static ConnectionState of(Channel ch) {
    ConnectionState s = ch.attr(KEY).get();
    return s != null ? s : attach(ch, 0);
  }

  /** True while a response is in progress. */
  boolean busy() {
    return busy;
  }

  void busy(boolean b, long nowNanos) {
    busy = b;
    touch(nowNanos);
  }

  void receiving(boolean r, long nowNanos) {
    receiving = r;
    touch(nowNanos);
  }

  /** True when no request is being received and no response is in progress. */
  boolean isIdle() {
    return !busy && !receiving;
  }

  /** When the connection last turned idle (meaningful while {@link #isIdle()}). */
  long idleSinceNanos() {
    return idleSinceNanos;
  }

  private void touch(long nowNanos) {
    if (isIdle()) {
      idleSinceNanos = nowNanos;
    }
  }
}
