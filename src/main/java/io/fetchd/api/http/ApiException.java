package io.fetchd.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Raised by a route when the request cannot be served; {@link ErrorMapper} turns it into the JSON
 * error response. Stackless: it is control flow, not a bug report. Immutable once thrown.
 */
public final class ApiException extends Exception {
  private final ErrorType type;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private boolean closeConnection;

  public ApiException(ErrorType type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  public ErrorType type() {
    return type;
  }

  /** Adds a response header (Allow, Retry-After, WWW-Authenticate). */
  public ApiException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Asks for the connection to be closed after the error is written. */
  ApiException closing() {
    closeConnection = true;
    return this;
  }

  Map<String, String> headers() {
    return headers;
  }

  boolean closeConnection() {
    return closeConnection;
  }
}
