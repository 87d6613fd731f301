package io.fetchd.client;

/** Raised when a fetch would follow more redirects than its limit allows. */
public final class TooManyRedirectsException extends FetchException {
  public TooManyRedirectsException(String message) {
    super(message);
  }

  public TooManyRedirectsException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "TooManyRedirects";
  }
}
