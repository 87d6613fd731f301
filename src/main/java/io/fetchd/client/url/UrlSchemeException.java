package io.fetchd.client.url;

/** Raised when a URL parses but its scheme is not http or https. Immutable; any thread. */
public final class UrlSchemeException extends UrlException {
  /**
   * @param message what is wrong, naming the scheme
   */
  public UrlSchemeException(String message) {
    super(message, null);
  }

  /**
   * @param message what is wrong, naming the scheme
   * @param cause the underlying failure
   */
  public UrlSchemeException(String message, Throwable cause) {
    super(message, cause);
  }
}
