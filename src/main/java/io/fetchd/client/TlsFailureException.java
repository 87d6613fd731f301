package io.fetchd.client;

/** Raised when the TLS handshake fails, including a certificate that does not verify or does not match the host. */
public final class TlsFailureException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public TlsFailureException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public TlsFailureException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "TlsFailure";
  }
}
