package io.fetchd.client;

/**
 * A named timeout fired. Each subclass is one phase's timeout; {@link #phase()} says which.
 */
public abstract sealed class FetchTimeoutException extends FetchException
    permits DnsTimeoutException, ConnectTimeoutException, TlsHandshakeTimeoutException,
        FirstByteTimeoutException, IdleReadTimeoutException, DeadlineExceededException {

  protected FetchTimeoutException(String message) {
    super(message);
  }

  /** The phase whose timeout fired, e.g. {@code "connect"} or {@code "deadline"}. */
  public abstract String phase();
}
