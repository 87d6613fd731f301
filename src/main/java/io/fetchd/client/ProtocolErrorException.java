package io.fetchd.client;

/** Raised when the response is malformed: bad status line or version, framing anomalies, a truncated body or compressed stream. */
public final class ProtocolErrorException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public ProtocolErrorException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public ProtocolErrorException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "ProtocolError";
  }
}
