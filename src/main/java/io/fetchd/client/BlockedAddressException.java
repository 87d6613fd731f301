package io.fetchd.client;

/** Raised when the address policy refuses the destination; no connection was made. */
public final class BlockedAddressException extends FetchException {
  public BlockedAddressException(String message) {
    super(message);
  }

  public BlockedAddressException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "BlockedAddress";
  }
}
