package io.fetchd.client.url;

/**
 * Raised when a header name or value breaks RFC 9110's field syntax ({@link HeaderValidator}).
 * The client maps it onto {@code InvalidRequestException} with the same message. Immutable; any
 * thread.
 */
public final class HeaderSyntaxException extends Exception {
  /**
   * @param message what is wrong, naming the header
   */
  public HeaderSyntaxException(String message) {
    super(message, null, false, false);
  }
}
