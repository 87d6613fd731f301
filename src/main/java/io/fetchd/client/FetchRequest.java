package io.fetchd.client;

import java.util.Objects;

/**
 * One URL to fetch and how. The URL is kept as given and parsed when the fetch starts, so an
 * invalid one fails that fetch with {@link InvalidUrlException} rather than here. Immutable.
 */
public record FetchRequest(String url, RequestOptions options) {
  /**
   * Checks the components.
   *
   * @param url the URL as given (parsed when the fetch starts)
   * @param options how to fetch it
   */
  public FetchRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(options, "options");
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
