package io.fetchd.client;

/** Raised when name resolution takes longer than the DNS timeout. */
public final class DnsTimeoutException extends FetchTimeoutException {
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
