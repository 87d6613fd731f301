package io.fetchd.client;

/** Raised when the response is malformed: bad status line or version, framing anomalies, a truncated body or compressed stream. */
public final class ProtocolErrorException extends FetchException {
  public ProtocolErrorException(String message) {
    super(message);
  }

  public ProtocolErrorException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "ProtocolError";
  }
}
