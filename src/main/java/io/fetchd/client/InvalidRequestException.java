package io.fetchd.client;

/** Raised when a request option or header is invalid (illegal header name or value bytes, CR/LF in a value, an unsupported method). */
public final class InvalidRequestException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public InvalidRequestException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "InvalidRequest";
  }
}
