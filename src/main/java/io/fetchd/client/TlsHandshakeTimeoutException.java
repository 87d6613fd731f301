package io.fetchd.client;

/** Raised when the TLS handshake does not finish within the TLS handshake timeout. */
public final class TlsHandshakeTimeoutException extends FetchTimeoutException {
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
