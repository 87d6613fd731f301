package io.fetchd.client;

/** Raised when name resolution takes longer than the DNS timeout. */
public final class DnsTimeoutException extends FetchTimeoutException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public DnsTimeoutException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "DnsTimeout";
  }

  @Override
  public String phase() {
    return "dns";
  }
}
