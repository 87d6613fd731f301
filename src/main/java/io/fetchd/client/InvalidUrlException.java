package io.fetchd.client;

/** Raised when a URL cannot be parsed, or contains characters (such as CR/LF or other controls) that a request line must not carry. */
public final class InvalidUrlException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public InvalidUrlException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public InvalidUrlException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "InvalidUrl";
  }
}
