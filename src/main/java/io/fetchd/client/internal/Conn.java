package io.fetchd.client.internal;

import io.fetchd.client.TlsInfo;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DelayedCall;
import io.netty.channel.Channel;

/**
 * One HTTP/1.1 connection to an origin, with the exchange it currently carries: the HTTP/1.1 kind
 * of {@link Connection}, one exchange at a time. Reactor thread only.
 *
 * <p>A connection is reusable only while it is open, was never poisoned (framing anomaly, bytes
 * arriving while idle, an aborted exchange) and the last response allowed keep-alive.
 */
final class Conn implements Connection {
  final Channel channel;
  final String origin;
  final OriginPool pool;
  private final Http1Exchanges exchanges;
  /** This connection's response decoder; set once when the pipeline is built. */
  ResponseDecoder decoder;
  /** TLS details from the handshake, or null for plain HTTP. */
  TlsInfo tls;
  /** The exchange in progress, or null while idle. */
  Exchange current;
  /** The last exchange started, in progress or not. */
  Exchange last;
  /** Exchanges carried so far. */
  int uses;
  boolean poisoned;
  DelayedCall idleTimer;

  Conn(Channel channel, String origin, OriginPool pool, Http1Exchanges exchanges) {
    this.channel = channel;
    this.origin = origin;
    this.pool = pool;
    this.exchanges = exchanges;
  }

  @Override
  public Deferred<Response> exchange(Call call) {
    return exchanges.exchange(this, call);
  }

  @Override
  public boolean anyResponseByte() {
    return last != null && last.anyResponseByte();
  }

  @Override
  public TlsInfo tls() {
    return tls;
  }

  @Override
  public void release(boolean clean) {
    if (clean) {
      pool.release(this);
    } else {
      pool.remove(this);
      closeNow();
    }
  }

  boolean reusable() {
    return !poisoned && channel.isActive();
  }

  /** Marks the connection unusable and closes it. Idempotent. */
  void closeNow() {
    poisoned = true;
    if (idleTimer != null && idleTimer.isActive()) {
      idleTimer.cancel();
    }
    idleTimer = null;
    channel.config().setAutoRead(false);
    BoundedDecompressor decompressor = channel.attr(Http1Pipeline.DECOMPRESSOR).get();
    if (decompressor != null) {
      decompressor.stop();
    }
    channel.close();
  }

  /**
   * Raw bytes arrived (before HTTP decoding). Returns false when they arrived while idle: nobody
   * asked for them, so the connection is removed from its pool and closed (the decoder would
   * otherwise hold them and prefix the next response with them).
   */
  boolean onBytes() {
    Exchange ex = current;
    if (ex != null) {
      ex.onBytes();
      return true;
    }
    pool.remove(this);
    closeNow();
    return false;
  }

  @Override
  public String toString() {
    return "Conn[" + origin + " " + channel.id().asShortText() + " uses=" + uses + "]";
  }
}
