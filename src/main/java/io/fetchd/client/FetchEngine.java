package io.fetchd.client;

import io.fetchd.defer.Deferred;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.reactor.Reactor;
import io.netty.handler.ssl.SslContext;

/**
 * What an {@link HttpFetcher} runs its fetches on: the stage chain, pools and resolver. The
 * client's implementation package provides it, registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services}, so this package (the API: requests, options, results, failures)
 * depends on nothing of the implementation, which depends on it: dependencies point one way. Not
 * for users: make an {@link HttpFetcher}.
 *
 * <p>Thread rule: as {@link HttpFetcher}'s: reactor thread only, except {@link #inFlight()}.
 */
public interface FetchEngine extends AutoCloseable {
  /**
   * Starts one fetch; see {@link HttpFetcher#fetch}.
   *
   * @param request what to fetch
   * @return a Deferred of the result, or of exactly one {@link FetchException}
   */
  Deferred<FetchResult> fetch(FetchRequest request);

  /**
   * Fetches started and not finished. Any thread.
   *
   * @return the number of fetches in flight
   */
  int inFlight();

  /**
   * Open connections (in use or idle).
   *
   * @return the number of open connections
   */
  int openConnections();

  /**
   * Idle pooled connections.
   *
   * @return the number of idle connections
   */
  int idleConnections();

  /** Closes idle connections and the resolver. */
  @Override
  void close();

  /** Makes engines: the implementation's entry point, found with {@link java.util.ServiceLoader}. */
  interface Factory {
    /**
     * An engine on {@code reactor} with {@code config}'s limits and policy.
     *
     * @param reactor the reactor the fetches run on
     * @param config the fetcher's settings
     * @param ssl the TLS client context
     * @param listener told of each fetch's phases and outcome
     * @param budget where kept bodies are reserved
     * @return the engine
     */
    FetchEngine create(Reactor reactor, FetcherConfig config, SslContext ssl, FetchListener listener, MemoryBudget budget);
  }
}
