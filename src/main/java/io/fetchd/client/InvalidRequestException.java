package io.fetchd.client;

/** Raised when a request option or header is invalid (illegal header name or value bytes, CR/LF in a value, an unsupported method). */
public final class InvalidRequestException extends FetchException {
  public InvalidRequestException(String message) {
    super(message);
  }

  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "InvalidRequest";
  }
}
