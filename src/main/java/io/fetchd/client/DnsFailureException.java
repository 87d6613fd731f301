package io.fetchd.client;

/** Raised when a host name does not resolve (no such name, no address records, resolver error). */
public final class DnsFailureException extends FetchException {
  public DnsFailureException(String message) {
    super(message);
  }

  public DnsFailureException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "DnsFailure";
  }
}
