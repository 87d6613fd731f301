package io.fetchd.client;

/** Raised when no response byte arrives within the first-byte timeout after the request was written. */
public final class FirstByteTimeoutException extends FetchTimeoutException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public FirstByteTimeoutException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "FirstByteTimeout";
  }

  @Override
  public String phase() {
    return "ttfb";
  }
}
