package io.fetchd.client.internal;

import io.fetchd.client.FetchEngine;
import io.fetchd.client.FetchListener;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.FetcherConfig;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DeferredSemaphore;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Scheduler;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.reactor.Reactor;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.random.RandomGenerator;

/**
 * What every fetch of one fetcher shares, and the stage chain they run: {@link RedirectStage}
 * over {@link RetryStage} over {@link AttemptStage} ({@link SlotStage}, then a {@link
 * ConnectionSource}, then the connection's exchange). Its two seams are the clock (a {@link
 * Scheduler}: the reactor, or a fake clock in tests) and the {@link ConnectionSource} (Netty's
 * {@link PooledConnectionSource}, or a recording fake). The per-origin pools forget unused
 * origins; the global slots have a bounded wait. Reactor thread only.
 */
public final class FetcherCore implements FetchEngine {
  /** The engine factory {@code HttpFetcher} finds through {@code META-INF/services}. */
  public static final class Factory implements FetchEngine.Factory {
    /** For {@link java.util.ServiceLoader}. */
    public Factory() {}

    @Override
    public FetchEngine create(
        Reactor reactor, FetcherConfig config, SslContext ssl, FetchListener listener, MemoryBudget budget) {
      return new FetcherCore(reactor, config, ssl, listener, budget);
    }
  }

  /**
   * The most fetches that may wait for a global slot ({@code maxInFlight} in use); one more fails
   * at once with {@code QueueFullException}, as a full per-origin queue does. Far above what the
   * batch engine can have in flight with its default limits (64 batches of 512 fetches), so a
   * batch's URLs wait in the batch's window, never here; it bounds a library caller that starts
   * fetches without limit.
   */
  static final int MAX_WAITING_FOR_GLOBAL_SLOT = 100_000;
  /** How often origins that hold nothing (see {@link OriginPool#isUnused()}) are forgotten. */
  static final Duration ORIGIN_SWEEP_EVERY = Duration.ofSeconds(30);

  final Scheduler clock;
  final RandomGenerator random;
  final CallEvents events;
  final DeferredSemaphore globalSlots;
  final RedirectStage redirects;
  private final OriginPools pools;
  private final ConnectionSource connections;
  /** Fetches asked for in this turn of the loop, begun together at its end. */
  private final ArrayDeque<FetchCall> starting = new ArrayDeque<>();
  private DelayedCall startCall;
  /** Fetches started and not finished. Written on the reactor thread only; read from any. */
  private volatile int inFlight;

  public FetcherCore(Reactor reactor, FetcherConfig config, SslContext ssl, FetchListener listener) {
    this(reactor, config, ssl, listener, MemoryBudget.unlimited());
  }

  /** As above; kept bodies are reserved in {@code budget} while they arrive. */
  public FetcherCore(Reactor reactor, FetcherConfig config, SslContext ssl, FetchListener listener, MemoryBudget budget) {
    this(reactor, config, listener, netty(reactor, config, ssl, new CallEvents(reactor, listener), budget));
  }

  /**
   * The seam: a core on {@code clock} whose connections come from {@code connections} (a test's
   * fake, say). Its connection limits, address policy and idle timeout are {@code config}'s.
   */
  FetcherCore(Scheduler clock, FetcherConfig config, FetchListener listener, ConnectionSource connections) {
    this.clock = clock;
    this.random = RandomGenerator.getDefault();
    this.events = new CallEvents(clock, listener);
    this.connections = connections;
    this.globalSlots = new DeferredSemaphore(config.maxInFlight(), MAX_WAITING_FOR_GLOBAL_SLOT);
    this.pools =
        new OriginPools(
            clock,
            ORIGIN_SWEEP_EVERY,
            origin ->
                new OriginPool(
                    origin, config.maxConnectionsPerHost(), config.maxQueuedPerOrigin(), clock, config.idleTimeout()));
    SlotStage slots = new SlotStage(clock, globalSlots, events);
    AttemptStage attempts = new AttemptStage(clock, config.addressPolicy(), pools, slots, connections, events);
    RetryStage retries = new RetryStage(clock, attempts, events, System::currentTimeMillis);
    this.redirects = new RedirectStage(retries, events);
  }

  private static ConnectionSource netty(
      Reactor reactor, FetcherConfig config, SslContext ssl, CallEvents events, MemoryBudget budget) {
    Http1Exchanges exchanges = new Http1Exchanges(reactor, new RequestWriter(config.userAgent()), budget, events);
    Dns dns = new Dns(reactor, config.dnsServers(), config.dnsMaxTtl(), events.listener);
    Connector connector = new Connector(reactor, ssl, config.tlsServerName(), exchanges);
    return new PooledConnectionSource(config.addressPolicy(), dns, connector, events);
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
  @Override
  public Deferred<FetchResult> fetch(FetchRequest request) {
    FetchCall op = new FetchCall(this, request);
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
    FetchCall op;
    while ((op = starting.poll()) != null) {
      op.begin();
    }
  }

  /** A fetch has finished (its operation is done). Reactor thread only. */
  void finished() {
    inFlight--;
  }

  /** Fetches started and not finished (queued ones included). Any thread. */
  @Override
  public int inFlight() {
    return inFlight;
  }

  OriginPool pool(String origin) {
    return pools.get(origin);
  }

  /** Origins with a pool now (unused ones are forgotten by a periodic sweep). */
  int origins() {
    return pools.size();
  }

  /** Open connections across all origins. */
  @Override
  public int openConnections() {
    return pools.openConnections();
  }

  /** Idle pooled connections across all origins. */
  @Override
  public int idleConnections() {
    return pools.idleConnections();
  }

  @Override
  public void close() {
    pools.close();
    connections.close();
  }
}
