package io.fetchd.client;

/** Raised when the fetch was cancelled by its caller (or its batch); the connection is closed, not pooled. */
public final class FetchCancelledException extends FetchException {
  public FetchCancelledException(String message) {
    super(message);
  }

  public FetchCancelledException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "Cancelled";
  }
}
