package io.fetchd.client;

/** Raised when a URL cannot be parsed, or contains characters (such as CR/LF or other controls) that a request line must not carry. */
public final class InvalidUrlException extends FetchException {
  public InvalidUrlException(String message) {
    super(message);
  }

  public InvalidUrlException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "InvalidUrl";
  }
}
