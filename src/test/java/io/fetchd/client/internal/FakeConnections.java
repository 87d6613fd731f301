package io.fetchd.client.internal;

import io.fetchd.client.FetchException;
import io.fetchd.client.FetchListener;
import io.fetchd.client.Phase;
import io.fetchd.defer.Deferred;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.task.FakeClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A recording {@link ConnectionSource} for stage tests: each new connection is an embedded
 * channel carrying the real HTTP/1.1 pipeline and exchange, so a test reads the request bytes and
 * writes the response bytes by hand, synchronously, while every timer runs on a {@link FakeClock}.
 * Idle connections are reused from the origin's pool as the real source does. A connect can be
 * scripted to fail or to hang. Test thread only.
 */
final class FakeConnections implements ConnectionSource {
  /** One connection the source opened: the URL it was for, and its channel. */
  record Opened(String url, EmbeddedChannel channel) {
    /** The request bytes written since the last call, as text (the buffers are released). */
    String request() {
      StringBuilder sb = new StringBuilder();
      ByteBuf b;
      while ((b = channel.readOutbound()) != null) {
        sb.append(b.toString(StandardCharsets.ISO_8859_1));
        b.release();
      }
      return sb.toString();
    }

    /** The server sends {@code raw} (CRLFs written as {@code \r\n}). */
    void respond(String raw) {
      channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    }

    /** The server closes the connection. */
    void close() {
      channel.close();
      channel.runPendingTasks();
    }
  }

  final List<Opened> opened = new ArrayList<>();
  /** Connects made, pooled reuse included: the URL of each. */
  final List<String> connects = new ArrayList<>();
  private final Deque<Object> script = new ArrayDeque<>();
  private final CallEvents events;
  private final Http1Exchanges exchanges;
  private final List<Deferred<Connection>> hanging = new ArrayList<>();

  FakeConnections(FakeClock clock, FetchListener listener) {
    this.events = new CallEvents(clock, listener);
    this.exchanges =
        new Http1Exchanges(clock, new RequestWriter("fetchd-test"), MemoryBudget.unlimited(), events);
  }

  /** The next new connection fails with {@code error} instead. */
  FakeConnections failNext(FetchException error) {
    script.add(error);
    return this;
  }

  /** The next new connection never completes its connect (a cancel or timeout ends it). */
  FakeConnections hangNext() {
    script.add("hang");
    return this;
  }

  Opened last() {
    return opened.get(opened.size() - 1);
  }

  @Override
  public Deferred<Connection> connect(Call call, OriginPool pool) {
    connects.add(call.url.toString());
    if (!call.forceFreshConnection) {
      Conn idle = pool.pollIdle();
      if (idle != null) {
        call.attempt.connection = idle;
        call.attempt.reused = true;
        return Deferred.succeed(idle);
      }
    }
    call.forceFreshConnection = false;
    events.started(call, Phase.CONNECT);
    Object next = script.poll();
    if (next instanceof FetchException e) {
      return Deferred.fail(e);
    }
    if ("hang".equals(next)) {
      Deferred<Connection> d = new Deferred<>();
      hanging.add(d);
      return d;
    }
    EmbeddedChannel ch = new EmbeddedChannel();
    Conn conn = Http1Pipeline.install(ch, call.url, pool, exchanges, null);
    pool.opened();
    ch.closeFuture().addListener(f -> pool.closed());
    opened.add(new Opened(call.url.toString(), ch));
    call.attempt.connection = conn;
    events.ended(call, Phase.CONNECT);
    return Deferred.succeed(conn);
  }

  @Override
  public void close() {
    for (Opened o : opened) {
      o.channel.finishAndReleaseAll();
    }
  }
}
