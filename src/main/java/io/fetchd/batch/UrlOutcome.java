package io.fetchd.batch;

import io.fetchd.client.FetchException;
import io.fetchd.client.FetchResult;

/**
 * One URL's outcome in a batch. Immutable.
 *
 * @param index the URL's position in the batch's input
 * @param url the URL as given
 * @param result the response, when one came: always for a success, and for a non-2xx final
 *     status (then {@code error} is an {@code HttpStatusException}); null otherwise
 * @param error why the URL failed, or null for a success
 */
public record UrlOutcome(int index, String url, FetchResult result, FetchException error) {
  /** True for a final 2xx response. */
  public boolean ok() {
    return error == null;
  }
}
