package io.fetchd.client.internal;

import io.fetchd.memory.MemoryBudget;
import io.fetchd.client.FetchListener;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.policy.AddressPolicy;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DeferredSemaphore;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Scheduler;
import io.fetchd.reactor.Reactor;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What every fetch of one fetcher shares: the clock, the per-origin pools, the global slots, the
 * resolver, the connector, the address policy and the listener. Reactor thread only.
 */
public final class FetcherCore implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FetcherCore.class.getName());

  final Scheduler clock;
  final AddressPolicy policy;
  final FetchListener listener;
  final DeferredSemaphore globalSlots;
  final Dns dns;
  final Connector connector;
  final RequestWriter requests;
  final RandomGenerator random;
  /** Where kept bodies are reserved while they arrive ({@link BodySink}). */
  final MemoryBudget budget;
  private final FetcherConfig config;
  private final Map<String, OriginPool> pools = new HashMap<>();
  /** Fetches asked for in this turn of the loop, begun together at its end. */
  private final ArrayDeque<FetchOperation> starting = new ArrayDeque<>();
  private DelayedCall startCall;
  /** Fetches started and not finished. Written on the reactor thread only; read from any. */
  private volatile int inFlight;

  public FetcherCore(Reactor reactor, FetcherConfig config, SslContext ssl, FetchListener listener) {
    this(reactor, config, ssl, listener, MemoryBudget.unlimited());
  }

  /** As above; kept bodies are reserved in {@code budget} while they arrive. */
  public FetcherCore(Reactor reactor, FetcherConfig config, SslContext ssl, FetchListener listener, MemoryBudget budget) {
    this.budget = budget;
    this.clock = reactor;
    this.config = config;
    this.policy = config.addressPolicy();
    this.listener = listener;
    this.globalSlots = new DeferredSemaphore(config.maxInFlight(), Integer.MAX_VALUE);
    this.dns = new Dns(reactor, config.dnsServers(), config.dnsMaxTtl(), listener);
    this.connector = new Connector(reactor, ssl, config.tlsServerName());
    this.requests = new RequestWriter(config.userAgent());
    this.random = RandomGenerator.getDefault();
  }

  /**
   * Starts one fetch. The request is checked at once (an invalid URL or header fails it before
   * this returns); its network part (slots, connection, request) begins at the end of this turn
   * of the loop, with every other fetch asked for in the same turn ({@code callLater(0)}), not
   * inside the caller's stack. A caller that starts fetches from another fetch's callback (a
   * batch refilling its window) so keeps its own code and the fetch's start path separate call
   * trees, which the JIT compiles once each instead of once per caller; in a one-second run of
   * 20,000 URLs that was a fifth of the throughput. Reactor thread only.
   */
  public Deferred<FetchResult> fetch(FetchRequest request) {
    FetchOperation op = new FetchOperation(this, request);
    inFlight++; // one writer (the reactor thread), so the non-atomic increment is safe
    if (op.prepare()) {
      starting.add(op);
      if (startCall == null) {
        startCall = clock.callLater(Duration.ZERO, this::beginQueued);
      }
    }
    return op.result();
  }

  private void beginQueued() {
    startCall = null;
    FetchOperation op;
    while ((op = starting.poll()) != null) {
      op.begin();
    }
  }

  /** A fetch has finished (its operation is done). Reactor thread only. */
  void finished() {
    inFlight--;
  }

  /** Fetches started and not finished (queued ones included). Any thread. */
  public int inFlight() {
    return inFlight;
  }

  OriginPool pool(String origin) {
    OriginPool p = pools.get(origin);
    if (p == null) {
      p = new OriginPool(
          origin,
          config.maxConnectionsPerHost(),
          config.maxQueuedPerOrigin(),
          clock,
          config.idleTimeout());
      pools.put(origin, p);
    }
    return p;
  }

  long wallClockMillis() {
    return System.currentTimeMillis();
  }

  void logListenerFailure(RuntimeException e) {
    LOG.log(System.Logger.Level.WARNING, "fetch listener threw; ignored", e);
  }

  /** Open connections across all origins. */
  public int openConnections() {
    int n = 0;
    for (OriginPool p : pools.values()) {
      n += p.openCount();
    }
    return n;
  }

  /** Idle pooled connections across all origins. */
  public int idleConnections() {
    int n = 0;
    for (OriginPool p : pools.values()) {
      n += p.idleCount();
    }
    return n;
  }

  @Override
  public void close() {
    for (OriginPool p : pools.values()) {
      p.closeIdle();
    }
    dns.close();
  }
}
