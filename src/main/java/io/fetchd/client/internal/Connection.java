package io.fetchd.client.internal;

import io.fetchd.client.TlsInfo;
import io.fetchd.defer.Deferred;

/**
 * A connection that can carry the current request of a {@link Call}: the exchange stage. Its kind
 * decides how: {@link Conn} is an HTTP/1.1 connection that carries one exchange at a time; an
 * HTTP/2 connection would be another kind, opening a stream per exchange, with no change to the
 * stages around it. Reactor thread only.
 */
interface Connection {
  /**
   * Sends the call's current request (hop URL, method, headers, body) and fires with the complete
   * response, or fails with the {@code FetchException} that ended the exchange. Cancelling the
   * Deferred aborts the exchange and closes the connection.
   *
   * @param call the fetch whose current request to send
   * @return the response
   */
  Deferred<Response> exchange(Call call);

  /** True once the last exchange received any response byte (a failure after that is not retried). */
  boolean anyResponseByte();

  /** TLS details from the handshake, or null for plain HTTP. */
  TlsInfo tls();

  /**
   * Gives the connection back after an exchange: to its pool after a clean one ({@code clean}),
   * else closed. Idempotent enough for a connection the peer already closed.
   */
  void release(boolean clean);
}
