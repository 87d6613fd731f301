package io.fetchd.client;

/** Raised when a TCP connection cannot be made for a reason other than refusal or timeout (host or network unreachable). */
public final class ConnectFailedException extends FetchException {
  public ConnectFailedException(String message) {
    super(message);
  }

  public ConnectFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "ConnectFailed";
  }
}
