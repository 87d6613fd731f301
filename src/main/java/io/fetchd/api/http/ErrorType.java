package io.fetchd.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The stable error types of the REST API, each with the status it is answered with. The JSON
 * error body is {@code {"error":{"type":"<name>","message":"..."}}}; clients branch on the type,
 * never on the message. This enum is the list of types. Immutable; any thread.
 */
public enum ErrorType {
  /** The request is malformed in a way no other type names (request line, query, URI). */
  BadRequest(HttpResponseStatus.BAD_REQUEST),
  /** The body is not well-formed JSON (syntax, duplicate key, invalid UTF-8, over a limit). */
  InvalidJson(HttpResponseStatus.BAD_REQUEST),
  /** The body names a field the API does not know. */
  UnknownField(HttpResponseStatus.BAD_REQUEST),
  /** A field has the wrong type, or a value out of range or over a ceiling. */
  InvalidField(HttpResponseStatus.BAD_REQUEST),
  /** A required field is absent. */
  MissingField(HttpResponseStatus.BAD_REQUEST),
  /** {@code urls} is an empty array. */
  EmptyUrls(HttpResponseStatus.BAD_REQUEST),
  /** {@code urls} holds more URLs than one batch may. */
  TooManyUrls(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
  /** The request body is larger than the server reads; the connection is closed. */
  PayloadTooLarge(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
  /** A POST body that is not {@code application/json}. */
  UnsupportedMediaType(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE),
  /** No such path, or no such batch. */
  NotFound(HttpResponseStatus.NOT_FOUND),
  /**
   * A job that existed and was evicted (memory budget, retention count or time) or deleted; the
   * message says why and when. Its results are gone for good: never a wrong or empty result.
   */
  Gone(HttpResponseStatus.GONE),
  /** The path exists but not with this method; the {@code Allow} header lists the methods. */
  MethodNotAllowed(HttpResponseStatus.METHOD_NOT_ALLOWED),
  /** A bearer token is required and was absent or wrong. */
  Unauthorized(HttpResponseStatus.UNAUTHORIZED),
  /** The engine refused the batch (too busy or draining); {@code Retry-After} says when to retry. */
  Overloaded(HttpResponseStatus.SERVICE_UNAVAILABLE),
  /**
   * The request (head and body) did not arrive within {@code server.requestTimeout}, or arrived
   * slower than {@code server.minRequestBodyBytesPerSecond}; the connection is closed.
   */
  RequestTimeout(HttpResponseStatus.REQUEST_TIMEOUT),
  /** The request line is longer than the server reads; the connection is closed. */
  UriTooLong(HttpResponseStatus.REQUEST_URI_TOO_LONG),
  /** The request head is larger than the server reads; the connection is closed. */
  HeadersTooLarge(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
  /**
   * The request's HTTP version is not 1.0 or 1.1 (HTTP/1.2, HTTP/2.0 over HTTP/1 framing, ...); the
   * answer is HTTP/1.1 and the connection is closed.
   */
  VersionNotSupported(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED),
  /** An {@code Expect} other than {@code 100-continue}; the connection is closed. */
  ExpectationFailed(HttpResponseStatus.EXPECTATION_FAILED),
  /**
   * A request body with a transfer coding other than {@code chunked} before its final {@code
   * chunked} ({@code Transfer-Encoding: gzip, chunked}); the connection is closed. (A final coding
   * other than {@code chunked} is a {@code BadRequest}: its length cannot be known.)
   */
  UnsupportedTransferEncoding(HttpResponseStatus.NOT_IMPLEMENTED),
  /** A bug on our side; details are logged, never sent. */
  Internal(HttpResponseStatus.INTERNAL_SERVER_ERROR);

  private final HttpResponseStatus status;

  ErrorType(HttpResponseStatus status) {
    this.status = status;
  }

  public HttpResponseStatus status() {
    return status;
  }

  /**
   * The {@link ApiObserver#requestRejected} reason this error counts as: {@code overload}, {@code
   * auth}, {@code bad_input} (every 400, 408, 413, 414, 415, 417, 431, 501 and 505), or null when
   * it is not a refusal (404, 405, 410, 500).
   */
  String rejectReason() {
    return switch (this) {
      case Overloaded -> ApiObserver.OVERLOAD;
      case Unauthorized -> ApiObserver.AUTH;
      case NotFound, Gone, MethodNotAllowed, Internal -> null;
      default -> ApiObserver.BAD_INPUT;
    };
  }

  /** The type named {@code name} answered with {@code status}, or null. */
  static ErrorType lookup(String name, int status) {
    for (ErrorType t : values()) {
      if (t.name().equals(name) && t.status.code() == status) {
        return t;
      }
    }
    return null;
  }
}
