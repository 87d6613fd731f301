package io.fetchd.client;

/** Raised when the destination actively refuses the TCP connection. */
public final class ConnectRefusedException extends FetchException {
  public ConnectRefusedException(String message) {
    super(message);
  }

  public ConnectRefusedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "ConnectRefused";
  }
}
