package io.fetchd.client;

/** Raised when the TLS handshake fails, including a certificate that does not verify or does not match the host. */
public final class TlsFailureException extends FetchException {
  public TlsFailureException(String message) {
    super(message);
  }

  public TlsFailureException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "TlsFailure";
  }
}
