package io.fetchd.client;

/** Raised when the TCP connection is not established within the connect timeout. */
public final class ConnectTimeoutException extends FetchTimeoutException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public ConnectTimeoutException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "ConnectTimeout";
  }

  @Override
  public String phase() {
    return "connect";
  }
}
