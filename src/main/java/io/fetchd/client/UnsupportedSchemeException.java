package io.fetchd.client;

/** Raised when a URL's scheme is anything but {@code http} or {@code https}. */
public final class UnsupportedSchemeException extends FetchException {
  public UnsupportedSchemeException(String message) {
    super(message);
  }

  public UnsupportedSchemeException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "UnsupportedScheme";
  }
}
