package io.fetchd.client.url;

/**
 * A URL that cannot be fetched, as the URL parser sees it: {@link UrlSyntaxException} (it does not
 * parse) or {@link UrlSchemeException} (a scheme other than http and https). This package knows
 * nothing of the fetcher's failure family; the client maps these onto it ({@code
 * InvalidUrlException}, {@code UnsupportedSchemeException}) with the same message. Immutable; any
 * thread.
 */
public abstract sealed class UrlException extends Exception permits UrlSyntaxException, UrlSchemeException {
  UrlException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
