package io.fetchd.client.internal;

import io.fetchd.defer.Deferred;

/**
 * The connect stage: a connection for a call's current hop, from the origin's pool or newly
 * opened (DNS, address policy, TCP, TLS). The seam between the stages and the network: the fetcher
 * uses {@link PooledConnectionSource} on Netty; a test passes a recording fake whose connections
 * are embedded channels, so the whole stage chain runs synchronously on a fake clock. A proxy
 * (HTTP CONNECT, SOCKS5) is another source, or a dialer inside one; the stages do not change.
 * Reactor thread only.
 */
interface ConnectionSource extends AutoCloseable {
  /**
   * A connection to the call's current URL's origin, recorded on {@code call.attempt}
   * ({@code connection}, {@code reused}, phase timings). Fails with the {@code FetchException}
   * that prevented it (DNS, policy, connect, TLS). Cancelling the Deferred stops whatever is in
   * progress; a connection already opened is then closed by the attempt stage.
   *
   * @param call the fetch, at its current hop and attempt
   * @param pool the origin's pool (idle connections, open count)
   * @return the connection
   */
  Deferred<Connection> connect(Call call, OriginPool pool);

  /** Releases what the source holds (the resolver). */
  @Override
  void close();
}
