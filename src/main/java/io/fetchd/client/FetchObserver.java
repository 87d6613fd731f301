package io.fetchd.client;

import java.net.InetAddress;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * Hears one fetch's low-level events, for a caller that must report them (the blackbox probe):
 * the address dialled, the TLS session, each response head as it came off the wire. Set per
 * request ({@link FetchRequest#observer()}); {@link #NONE} by default, which costs nothing.
 *
 * <p>Rules, as for {@link FetchListener}: called on the reactor thread, in the order the events
 * happen; must be fast, must not block and should not throw (what it throws is logged and
 * ignored). Every method has an empty default.
 */
public interface FetchObserver {
  FetchObserver NONE = new FetchObserver() {};

  /** A connection to {@code address} (checked by the address policy) is about to be opened. */
  default void dialing(String url, InetAddress address) {}

  /** The TLS handshake of a connection to {@code url} succeeded; the session is read-only here. */
  default void tlsEstablished(String url, SSLSession session) {}

  /**
   * A final (non-1xx) response head to {@code url} arrived: its status, its version ({@code
   * HTTP/1.1}) and its headers exactly as sent, before any decompression.
   */
  default void responseHead(String url, int status, String version, List<Header> headers) {}
}
