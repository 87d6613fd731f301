package io.fetchd.client;

/**
 * Raised when the final response's status is not 2xx. The response itself (status, headers,
 * body as far as kept, timings) is still available through {@link #result()}.
 */
public final class HttpStatusException extends FetchException {
  /** The final HTTP status code. */
  private final int status;
  private final transient FetchResult result;

  /**
   * @param status the final HTTP status code
   * @param result the complete result of the fetch
   */
  public HttpStatusException(int status, FetchResult result) {
    super("HTTP status " + status);
    this.status = status;
    this.result = result;
  }

  /**
   * The final HTTP status code.
   *
   * @return the status code
   */
  public int status() {
    return status;
  }

  /**
   * The fetch's full result: the final response, its timings and redirect chain.
   *
   * @return the fetch's result
   */
  public FetchResult result() {
    return result;
  }

  @Override
  public String type() {
    return "HttpStatus";
  }
}
