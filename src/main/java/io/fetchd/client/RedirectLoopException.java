package io.fetchd.client;

/** Raised when a redirect points back to a URL already visited in the same fetch. */
public final class RedirectLoopException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public RedirectLoopException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public RedirectLoopException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "RedirectLoop";
  }
}
