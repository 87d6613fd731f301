package io.fetchd.client.url;

/** Raised when a URL (or a host, an IP address in it) does not parse. Immutable; any thread. */
public final class UrlSyntaxException extends UrlException {
  /**
   * @param message what is wrong, naming the input
   */
  public UrlSyntaxException(String message) {
    super(message, null);
  }

  /**
   * @param message what is wrong, naming the input
   * @param cause the underlying failure
   */
  public UrlSyntaxException(String message, Throwable cause) {
    super(message, cause);
  }
}
