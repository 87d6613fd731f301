package io.fetchd.client.internal;

import io.fetchd.client.FetchCancelledException;
import io.fetchd.client.FetchException;
import io.fetchd.client.FetchMethod;
import io.fetchd.client.FetchObserver;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.url.FetchUrl;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Scheduler;
import io.fetchd.memory.MemoryBudget;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The exchange stage for HTTP/1.1 connections: encodes the call's current request, runs one
 * {@link Exchange} on the connection and hands its outcome on as a Deferred. One per fetcher,
 * shared by its connections. Reactor thread only.
 */
final class Http1Exchanges {
  private final Scheduler clock;
  private final RequestWriter requests;
  private final MemoryBudget budget;
  private final CallEvents events;

  Http1Exchanges(Scheduler clock, RequestWriter requests, MemoryBudget budget, CallEvents events) {
    this.clock = clock;
    this.requests = requests;
    this.budget = budget;
    this.events = events;
  }

  /** Sends the call's current request on {@code conn}; see {@link Connection#exchange}. */
  Deferred<Response> exchange(Conn conn, Call call) {
    RequestOptions options = call.options;
    BoundedDecompressor decompressor = conn.channel.attr(Http1Pipeline.DECOMPRESSOR).get();
    decompressor.passThrough(!options.decompress());
    Exchange[] ex = new Exchange[1];
    Deferred<Response> d =
        new Deferred<>(cancelled -> ex[0].abort(new FetchCancelledException("attempt abandoned")));
    Exchange.Listener listener =
        new Exchange.Listener() {
          @Override
          public void exchangeSucceeded(Exchange exchange, Response response) {
            if (!d.isCalled()) {
              d.callback(response);
            }
          }

          @Override
          public void exchangeFailed(Exchange exchange, FetchException error) {
            if (!d.isCalled()) {
              d.errback(error);
            }
          }
        };
    ex[0] = new Exchange(conn, clock, options, decompressor, listener, budget);
    FetchObserver observer = call.request.observer();
    if (observer != FetchObserver.NONE) {
      FetchUrl at = call.url;
      ex[0].onRawHead((status, version, headers) ->
          events.observe(() -> observer.responseHead(at.redacted(), status, version, headers)));
    }
    conn.last = ex[0];
    ex[0].start(encode(conn, call), call.method == FetchMethod.HEAD);
    return d;
  }

  private ByteBuf encode(Conn conn, Call call) {
    RequestOptions options = call.options;
    byte[] body = options.requestBody() == null || call.bodyDropped
        ? null
        : options.requestBody().getBytes(StandardCharsets.UTF_8);
    return requests.write(conn.channel.alloc(), call.method.name(), call.url.requestTarget(),
        call.url.hostHeader(), options.headers(), call.credentialsDropped, body, !options.decompress());
  }
}
