package io.fetchd.client;

/**
 * Raised when the final response's status is not 2xx. The response itself (status, headers,
 * body as far as kept, timings) is still available through {@link #result()}.
 */
public final class HttpStatusException extends FetchException {
  private final int status;
  private final transient Object result;

  /**
   * @param status the final HTTP status code
   * @param result the complete {@code FetchResult} of the fetch, or null when none is available
   */
  public HttpStatusException(int status, Object result) {
    super("HTTP status " + status);
    this.status = status;
    this.result = result;
  }

  /** The final HTTP status code. */
  public int status() {
    return status;
  }

  /** The fetch's full result (a {@code FetchResult}), or null. */
  public Object result() {
    return result;
  }

  @Override
  public String type() {
    return "HttpStatus";
  }
}
