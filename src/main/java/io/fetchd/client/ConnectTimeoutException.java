package io.fetchd.client;

/** Raised when the TCP connection is not established within the connect timeout. */
public final class ConnectTimeoutException extends FetchTimeoutException {
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
