package io.fetchd.client;

/** Raised when the whole fetch (queue, redirects and retries included) exceeds its per-URL deadline. */
public final class DeadlineExceededException extends FetchTimeoutException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public DeadlineExceededException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "DeadlineExceeded";
  }

  @Override
  public String phase() {
    return "deadline";
  }
}
