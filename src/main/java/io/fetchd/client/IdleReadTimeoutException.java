package io.fetchd.client;

/** Raised when the response stalls: no byte arrives for the idle read timeout. */
public final class IdleReadTimeoutException extends FetchTimeoutException {
  public IdleReadTimeoutException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "IdleReadTimeout";
  }

  @Override
  public String phase() {
    return "idle";
  }
}
