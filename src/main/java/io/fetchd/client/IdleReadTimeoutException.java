package io.fetchd.client;

/** Raised when the response stalls: no byte arrives for the idle read timeout. */
public final class IdleReadTimeoutException extends FetchTimeoutException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
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
