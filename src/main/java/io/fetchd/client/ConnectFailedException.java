package io.fetchd.client;

/** Raised when a TCP connection cannot be made for a reason other than refusal or timeout (host or network unreachable). */
public final class ConnectFailedException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public ConnectFailedException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public ConnectFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "ConnectFailed";
  }
}
