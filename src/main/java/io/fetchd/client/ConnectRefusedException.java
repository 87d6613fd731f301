package io.fetchd.client;

/** Raised when the destination actively refuses the TCP connection. */
public final class ConnectRefusedException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public ConnectRefusedException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public ConnectRefusedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "ConnectRefused";
  }
}
