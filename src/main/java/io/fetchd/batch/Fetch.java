package io.fetchd.batch;

import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.defer.Deferred;

/**
 * What a batch fetches with: {@code HttpFetcher::fetch} in the service, a recording fake in
 * tests. Called on the reactor thread; the Deferred errbacks with a {@code FetchException}.
 */
@FunctionalInterface
public interface Fetch {
  Deferred<FetchResult> fetch(FetchRequest request);
}
