package io.fetchd.client;

/** Raised when a redirect points back to a URL already visited in the same fetch. */
public final class RedirectLoopException extends FetchException {
  public RedirectLoopException(String message) {
    super(message);
  }

  public RedirectLoopException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "RedirectLoop";
  }
}
