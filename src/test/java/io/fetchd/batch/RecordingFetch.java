package io.fetchd.batch;

import io.fetchd.client.FetchCancelledException;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.InvalidUrlException;
import io.fetchd.client.Timings;
import io.fetchd.defer.Deferred;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake fetcher that records every request and lets the test fire each one by hand. "a_bad_url"
 * fails at once with InvalidUrl, as the real fetcher does. Cancelling a pending fetch errbacks it
 * with FetchCancelledException, as the real one does.
 */
final class RecordingFetch implements Fetch {
  final Map<String, Deferred<FetchResult>> pending = new LinkedHashMap<>();
  final List<String> asked = new ArrayList<>();
  int maxConcurrent;

  @Override
  public Deferred<FetchResult> fetch(FetchRequest request) {
    asked.add(request.url());
    if (request.url().equals("a_bad_url")) {
      return Deferred.fail(new InvalidUrlException("not a URL"));
    }
    Deferred<FetchResult> d =
        new Deferred<>(c -> c.errback(new FetchCancelledException("cancelled")));
    pending.put(request.url(), d);
    d.addBoth((r, f) -> {
      pending.remove(request.url());
      return f == null ? r : f.raise();
    });
    maxConcurrent = Math.max(maxConcurrent, pending.size());
    return d;
  }

  void succeed(String url) {
    pending.get(url).callback(result(url));
  }

  static FetchResult result(String url) {
    return new FetchResult(url, url, 200, List.of(), null, 0, null, null, 1, List.of(), false, List.of(),
        null, new Timings(null, null, null, null, null, null, java.time.Duration.ZERO));
  }
}
