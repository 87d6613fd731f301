package io.fetchd.client;

import java.util.Objects;

/**
 * One URL to fetch and how. The URL is kept as given and parsed when the fetch starts, so an
 * invalid one fails that fetch with {@link InvalidUrlException} rather than here. Immutable.
 *
 * @param observer hears the fetch's low-level events; {@link FetchObserver#NONE} unless given
 */
public record FetchRequest(String url, RequestOptions options, FetchObserver observer) {
  public FetchRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(observer, "observer");
  }

  /** A request without an observer. */
  public FetchRequest(String url, RequestOptions options) {
    this(url, options, FetchObserver.NONE);
  }

  /** A GET of {@code url} with {@link RequestOptions#DEFAULTS}. */
  public static FetchRequest get(String url) {
    return new FetchRequest(url, RequestOptions.DEFAULTS);
  }
}
