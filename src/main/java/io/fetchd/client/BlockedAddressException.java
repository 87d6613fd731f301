package io.fetchd.client;

/** Raised when the address policy refuses the destination; no connection was made. */
public final class BlockedAddressException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public BlockedAddressException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public BlockedAddressException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "BlockedAddress";
  }
}
