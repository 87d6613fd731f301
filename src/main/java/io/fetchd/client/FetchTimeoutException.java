package io.fetchd.client;

/**
 * A named timeout fired. Each subclass is one phase's timeout; {@link #phase()} says which.
 */
public abstract sealed class FetchTimeoutException extends FetchException
    permits DnsTimeoutException, ConnectTimeoutException, TlsHandshakeTimeoutException,
        FirstByteTimeoutException, IdleReadTimeoutException, DeadlineExceededException {

  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  protected FetchTimeoutException(String message) {
    super(message);
  }

  /**
   * The phase whose timeout fired, e.g. {@code "connect"} or {@code "deadline"}.
   *
   * @return the phase's name
   */
  public abstract String phase();
}
