package io.fetchd.client;

import io.fetchd.client.internal.FetcherCore;
import io.fetchd.defer.Deferred;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import io.fetchd.reactor.Reactor;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;

/**
 * fetchd's HTTP/1.1 client: Twisted's {@code getPage}, on Netty. {@link #fetch} returns a
 * {@link Deferred} that fires with a {@link FetchResult} for a 2xx final response, or errbacks
 * with a {@link io.fetchd.defer.Failure} wrapping exactly one {@link FetchException}: the closed
 * set of reasons a user can act on (a non-2xx final status is {@link HttpStatusException}, which
 * still carries the result). Cancelling the Deferred aborts the fetch at once: the connection is
 * closed, not pooled, and its slot is freed; the Failure is then {@link FetchCancelledException}.
 *
 * <p>Every byte moves on the reactor's event loop: thousands of fetches run at once on one
 * thread. Connections are pooled per origin with keep-alive; requests beyond the per-origin and
 * global limits wait in a bounded queue. Every destination, redirects included, passes the
 * address policy before any connection is made.
 *
 * <p>Thread rule: construct it, call {@link #fetch}, {@link #close} and the connection counts on
 * the reactor thread ({@code fetch} and {@code close} throw otherwise); {@link
 * #fetchFromAnyThread} from any thread.
 */
public final class HttpFetcher implements AutoCloseable {
  private final Reactor reactor;
  private final FetcherCore core;
  private final int maxInFlight;

  /**
   * @param reactor the reactor the fetcher runs on
   * @param config the fetcher's settings
   * @param listener told of each fetch's phases and outcome
   * @throws UncheckedIOException if the trusted CA file cannot be read or TLS cannot be set up
   */
  public HttpFetcher(Reactor reactor, FetcherConfig config, FetchListener listener) {
    this(reactor, config, listener, MemoryBudget.unlimited());
  }

  /**
   * A fetcher whose kept bodies ({@link BodyMode#TEXT}, {@link BodyMode#BYTES}) are reserved in
   * {@code budget} as {@link MemoryKind#KEPT_BODIES} while they arrive; a body the budget cannot
   * take fails its fetch with {@link MemoryBudgetExceededException}. The reservation ends with
   * the exchange: whoever then holds a result's body (a response waiting for a slow client)
   * reserves it again in its own name.
   *
   * @param reactor the reactor the fetcher runs on
   * @param config the fetcher's settings
   * @param listener told of each fetch's phases and outcome
   * @param budget where kept bodies are reserved
   * @throws UncheckedIOException if the trusted CA file cannot be read or TLS cannot be set up
   */
  public HttpFetcher(Reactor reactor, FetcherConfig config, FetchListener listener, MemoryBudget budget) {
    this.reactor = Objects.requireNonNull(reactor, "reactor");
    this.core = new FetcherCore(reactor, config, sslContext(config), listener, Objects.requireNonNull(budget, "budget"));
    this.maxInFlight = config.maxInFlight();
  }

  /**
   * A fetcher with no listener and no memory budget.
   *
   * @param reactor the reactor the fetcher runs on
   * @param config the fetcher's settings
   * @throws UncheckedIOException if the trusted CA file cannot be read or TLS cannot be set up
   */
  public HttpFetcher(Reactor reactor, FetcherConfig config) {
    this(reactor, config, FetchListener.NONE);
  }

  private static SslContext sslContext(FetcherConfig config) {
    try {
      SslContextBuilder b =
          SslContextBuilder.forClient()
              .endpointIdentificationAlgorithm(config.insecureSkipVerify() ? null : "HTTPS")
              .protocols(config.tlsProtocols());
      if (config.insecureSkipVerify()) {
        b.trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE);
      } else if (config.trustedCaFile() != null) {
        b.trustManager(config.trustedCaFile().toFile());
      }
      return b.build();
    } catch (SSLException e) {
      throw new UncheckedIOException(new IOException("cannot set up TLS: " + e.getMessage(), e));
    } catch (IllegalArgumentException e) {
      throw new UncheckedIOException(
          new IOException("cannot read trusted CA file " + config.trustedCaFile() + ": " + e.getMessage(), e));
    }
  }

  /**
   * Fetches {@code request}. Reactor thread only. Never throws: every problem is a Failure. An
   * invalid URL or header fails the Deferred before this returns; the network part begins at the
   * end of the current turn of the loop, together with the other fetches asked for in that turn.
   *
   * @param request what to fetch
   * @return a Deferred of the result, or of exactly one {@link FetchException}
   */
  public Deferred<FetchResult> fetch(FetchRequest request) {
    reactor.checkInEventLoop("HttpFetcher.fetch");
    return core.fetch(request);
  }

  /**
   * Fetches from any thread. The future completes on the reactor thread, exceptionally with the
   * {@link FetchException}; chain with {@code *Async} methods to leave the loop.
   *
   * @param request what to fetch
   * @return a future of the result
   */
  public CompletableFuture<FetchResult> fetchFromAnyThread(FetchRequest request) {
    return reactor.callOnLoop(() -> core.fetch(request));
  }

  /**
   * Fetches started and not yet finished (those waiting for a connection slot included), that is,
   * whose Deferred has not fired. Any thread: a volatile read of a count the reactor keeps.
   *
   * @return the number of fetches in flight
   */
  public int inFlight() {
    return core.inFlight();
  }

  /**
   * The limit on fetches in flight ({@link FetcherConfig#maxInFlight()}). Any thread.
   *
   * @return the configured limit
   */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * Open connections (in use or idle). Reactor thread only.
   *
   * @return the number of open connections
   */
  public int openConnections() {
    return core.openConnections();
  }

  /**
   * Idle pooled connections. Reactor thread only.
   *
   * @return the number of idle connections
   */
  public int idleConnections() {
    return core.idleConnections();
  }

  /** Closes idle connections and the resolver. Fetches in flight are not cancelled. Reactor thread only. */
  @Override
  public void close() {
    reactor.checkInEventLoop("HttpFetcher.close");
    core.close();
  }
}
