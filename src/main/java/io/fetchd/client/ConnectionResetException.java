package io.fetchd.client;

/** Raised when the connection is closed or reset by the peer before the response is complete. */
public final class ConnectionResetException extends FetchException {
  public ConnectionResetException(String message) {
    super(message);
  }

  public ConnectionResetException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "ConnectionReset";
  }
}
