package io.fetchd.metrics;

import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.HttpFetcher;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.policy.AddressPolicy;
import io.fetchd.defer.Failure;
import io.fetchd.reactor.Reactor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A real reactor and fetcher reporting to real metrics, for loopback tests. Bridges to the test
 * thread once per call with a bounded wait.
 */
final class LoopbackMetrics implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final AddressPolicy LOOPBACK_ALLOWED = AddressPolicy.builder().allow("127.0.0.0/8").build();

  final Reactor reactor = new Reactor();
  final FetchdMetrics metrics;
  final HttpFetcher fetcher;

  LoopbackMetrics() {
    this(MetricsOptions.DEFAULTS.withJvmMetrics(false), LOOPBACK_ALLOWED);
  }

  LoopbackMetrics(MetricsOptions options, AddressPolicy policy) {
    metrics = FetchdMetrics.create(reactor, options);
    FetcherConfig config = FetcherConfig.DEFAULTS.withAddressPolicy(policy);
    fetcher = onLoop(() -> new HttpFetcher(reactor, config, metrics.fetchListener()));
  }

  <T> T onLoop(Callable<T> fn) {
    return await(reactor.callOnLoopValue(fn));
  }

  /** Fetches {@code url}; returns the result or null when it failed. */
  FetchResult fetch(String url) {
    return fetch(FetchRequest.get(url));
  }

  FetchResult fetch(FetchRequest request) {
    CompletableFuture<FetchResult> out = new CompletableFuture<>();
    reactor.callFromThread(() -> fetcher.fetch(request).addBoth((FetchResult r, Failure f) -> {
      out.complete(r);
      return null;
    }));
    return await(out);
  }

  HttpReply probe(String target) {
    return probe(target, RequestOptions.DEFAULTS.withSha256(false));
  }

  HttpReply probe(String target, RequestOptions options) {
    ProbeHandler handler = new ProbeHandler(reactor, fetcher::fetch, options);
    return await(metrics.probeFromAnyThread(handler, target));
  }

  ScrapeText scrape() {
    return ScrapeText.parse(metrics.scrape().body());
  }

  static <T> T await(CompletableFuture<T> f) {
    return io.fetchd.testing.Await.within(WAIT, f);
  }

  @Override
  public void close() {
    metrics.close();
    onLoop(() -> {
      fetcher.close();
      return null;
    });
    reactor.close();
  }
}
