package io.fetchd.client;

/** Raised when the TLS handshake does not finish within the TLS handshake timeout. */
public final class TlsHandshakeTimeoutException extends FetchTimeoutException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public TlsHandshakeTimeoutException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "TlsHandshakeTimeout";
  }

  @Override
  public String phase() {
    return "tls";
  }
}
