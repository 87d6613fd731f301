package io.fetchd.api.route;

import io.fetchd.client.RequestOptions;
import java.util.List;

/**
 * A validated batch request: the URLs as given (an invalid URL string is that URL's own
 * {@code InvalidUrl} outcome, not a request error) and the merged request options. Immutable.
 */
record BatchSpec(List<String> urls, RequestOptions options) {
  BatchSpec {
    urls = List.copyOf(urls);
  }
}
