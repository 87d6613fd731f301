package io.fetchd.client;

/** Raised when a host name does not resolve (no such name, no address records, resolver error). */
public final class DnsFailureException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public DnsFailureException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public DnsFailureException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "DnsFailure";
  }
}
