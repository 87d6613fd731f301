package io.fetchd.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The connection cap ({@link ApiOptions#maxConnections()}). At accept time:
 *
 * <ul>
 *   <li>at the cap, the new connection is refused: it is answered at once with a canned 503 {@code
 *       Overloaded} ({@code Retry-After: 1}, {@code Connection: close}) without reading its
 *       request, and closed once that is flushed. It never enters the connection group, so it is
 *       not counted, and it costs no parsing;
 *   <li>from {@value #SHED_PERCENT} % of the cap, idle keep-alive connections (no request being
 *       received, no response in progress: {@link ConnectionState#isIdle()}) are closed, longest
 *       idle first, enough to go back under that mark plus one percent of the cap of headroom (so
 *       that shedding, an O(connections) scan, runs about once per hundredth of the cap of new
 *       connections, not on every accept). A normal client is then still served near the cap.
 * </ul>
 *
 * <p>Thread rule: the reactor loop, which every connection of the listener shares.
 */
public final class ConnectionLimiter {
  /** Idle connections are shed from this share of the cap: 90 %. */
  static final int SHED_PERCENT = 90;

  /** The cap when the file-descriptor limit is unknown, and the highest default: 10,000. */
  static final int MAX_DEFAULT = 10_000;

  /** Descriptors kept for upstream connections, DNS and files: at most this many, at most half. */
  static final long FD_RESERVE = 1152;

  private static final byte[] REFUSAL = refusal();

  private final int max;
  private final int shedFrom;
  private final ChannelGroup connections;
  private long refused;
  private long shed;

  /**
   * @param max the most connections open at once; positive
   * @param connections the listener's open connections
   */
  ConnectionLimiter(int max, ChannelGroup connections) {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive, got " + max);
    }
    this.max = max;
    this.shedFrom = Math.max(1, (int) ((long) max * SHED_PERCENT / 100));
    this.connections = connections;
  }

  /**
   * The default cap for a process allowed {@code maxFds} descriptors (0 or less: unknown): {@code
   * min(10000, maxFds - min(1152, maxFds / 2))}, at least 16. The reserve covers the fetcher's
   * upstream connections (1,024 in flight by default), DNS sockets, the listening sockets and
   * files; on a small limit half of it stays for them.
   */
  public static int defaultMax(long maxFds) {
    if (maxFds <= 0) {
      return MAX_DEFAULT;
    }
    long reserve = Math.min(FD_RESERVE, maxFds / 2);
    return (int) Math.max(16, Math.min(MAX_DEFAULT, maxFds - reserve));
  }

  /** This process's file-descriptor limit, or 0 when the platform does not say. */
  static long processMaxFds() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return 0;
  }

  /**
   * Decides on a connection just accepted (not yet in the group): true to serve it; false after
   * arranging its refusal. Sheds idle connections first when near the cap.
   */
  boolean admit(Channel ch) {
    int open = connections.size();
    if (open >= shedFrom) {
      shedIdle(open - shedFrom + 1 + Math.max(1, max / 100));
      open = connections.size();
    }
    if (open >= max) {
      refused++;
      ch.pipeline().addLast("overCapacity", new Refuse());
      return false;
    }
    return true;
  }

  /** Connections refused at the cap since the start. */
  long refused() {
    return refused;
  }

  /** Idle connections closed to make room since the start. */
  long shed() {
    return shed;
  }

  /** The cap. */
  int max() {
    return max;
  }

  private void shedIdle(int wanted) {
    List<Channel> idle = new ArrayList<>();
    for (Channel c : connections) {
      if (ConnectionState.of(c).isIdle()) {
        idle.add(c);
      }
    }
    idle.sort(Comparator.comparingLong(c -> ConnectionState.of(c).idleSinceNanos()));
    int n = Math.min(wanted, idle.size());
    for (int i = 0; i < n; i++) {
      idle.get(i).close();
      connections.remove(idle.get(i));
      shed++;
    }
  }

  /** Writes the canned 503 on a refused connection and closes it. */
  private static final class Refuse extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ByteBuf b = Unpooled.wrappedBuffer(REFUSAL);
      ctx.writeAndFlush(b).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      io.netty.util.ReferenceCountUtil.release(msg);
    }
  }

  private static byte[] refusal() {
    String body = "{\"error\":{\"type\":\"Overloaded\",\"message\":\"the server has too many connections; retry later\"}}";
    String r = "HTTP/1.1 503 Service Unavailable\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\n"
        + "Retry-After: 1\r\n"
        + "Connection: close\r\n\r\n"
        + body;
    return r.getBytes(StandardCharsets.US_ASCII);
  }
}
