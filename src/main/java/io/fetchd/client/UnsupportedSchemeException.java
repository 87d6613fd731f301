package io.fetchd.client;

/** Raised when a URL's scheme is anything but {@code http} or {@code https}. */
public final class UnsupportedSchemeException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public UnsupportedSchemeException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public UnsupportedSchemeException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "UnsupportedScheme";
  }
}
