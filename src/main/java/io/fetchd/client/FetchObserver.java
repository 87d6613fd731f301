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
 * happen (per hop: dialing, tlsEstablished, responseHead); must be fast, must not block and should
 * not throw (what it throws is logged and ignored). Every method has an empty default.
 */
public interface FetchObserver {
  /** The observer that ignores everything. */
  FetchObserver NONE = new FetchObserver() {};

  /**
   * A connection to {@code address} (checked by the address policy) is about to be opened.
   *
   * @param url the hop's URL, redacted
   * @param address the address dialled
   */
  default void dialing(String url, InetAddress address) {}

  /**
   * The TLS handshake of a connection succeeded.
   *
   * @param url the hop's URL, redacted
   * @param session the handshake's session; read it here, do not keep it past the fetch
   */
  default void tlsEstablished(String url, SSLSession session) {}

  /**
   * A final (non-1xx) response head arrived, before any decompression.
   *
   * @param url the hop's URL, redacted
   * @param status the status code
   * @param version the version as sent ({@code HTTP/1.1})
   * @param headers the headers as sent, in order
   */
  default void responseHead(String url, int status, String version, List<Header> headers) {}
}
