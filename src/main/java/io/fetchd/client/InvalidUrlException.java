package io.fetchd.client;

/** Raised when a URL cannot be parsed, or contains characters (such as CR/LF or other controls) that a request line must not carry. */
public final class InvalidUrlException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public InvalidUrlException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public InvalidUrlException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The fetch failure for a URL the parser refused: {@link UnsupportedSchemeException} for a
   * scheme other than http and https, else an InvalidUrlException; same message, no cause (a
   * result keeps its failure, and the parser's exception adds nothing to it).
   *
   * @param e what the URL parser raised
   * @return the failure to fail the fetch with
   */
  public static FetchException of(io.fetchd.client.url.UrlException e) {
    if (e instanceof io.fetchd.client.url.UrlSchemeException) {
      return new UnsupportedSchemeException(e.getMessage());
    }
    return new InvalidUrlException(e.getMessage());
  }

  @Override
  public String type() {
    return "InvalidUrl";
  }
}
