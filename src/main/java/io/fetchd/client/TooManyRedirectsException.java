package io.fetchd.client;

/** Raised when a fetch would follow more redirects than its limit allows. */
public final class TooManyRedirectsException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public TooManyRedirectsException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public TooManyRedirectsException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "TooManyRedirects";
  }
}
