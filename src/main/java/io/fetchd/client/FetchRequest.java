package io.fetchd.client;

import java.util.Objects;

/**
 * One URL to fetch and how. The URL is kept as given and parsed when the fetch starts, so an
 * invalid one fails that fetch with {@link InvalidUrlException} rather than here. Immutable.
 *
 * @param url the URL as given
 * @param options how to fetch it
 * @param observer hears the fetch's low-level events; {@link FetchObserver#NONE} unless given
 */
public record FetchRequest(String url, RequestOptions options, FetchObserver observer) {
  /**
   * Checks the components.
   *
   * @param url the URL as given (parsed when the fetch starts)
   * @param options how to fetch it
   * @param observer hears the fetch's low-level events
   */
  public FetchRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(observer, "observer");
  }

  /**
   * A request without an observer.
   *
   * @param url the URL as given (parsed when the fetch starts)
   * @param options how to fetch it
   */
  public FetchRequest(String url, RequestOptions options) {
    this(url, options, FetchObserver.NONE);
  }

  /**
   * A GET of {@code url} with {@link RequestOptions#DEFAULTS}.
   *
   * @param url the URL to fetch
   * @return the request
   */
  public static FetchRequest get(String url) {
    return new FetchRequest(url, RequestOptions.DEFAULTS);
  }
}
