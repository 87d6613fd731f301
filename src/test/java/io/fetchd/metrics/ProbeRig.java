package io.fetchd.metrics;

import io.fetchd.client.FetcherConfig;
import io.fetchd.client.HttpFetcher;
import io.fetchd.client.RequestOptions;
import io.fetchd.reactor.Reactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A reactor, metrics and a probe handler offering the modules of a blackbox YAML text, wired as
 * the service wires them (a fetcher without reuse per distinct {@code tls_config}; loopback
 * allowed). Bridges to the test thread once per probe with a bounded wait.
 */
final class ProbeRig implements AutoCloseable {
  final Reactor reactor = new Reactor();
  final FetchdMetrics metrics = FetchdMetrics.create(reactor, MetricsOptions.DEFAULTS.withJvmMetrics(false));
  private final List<HttpFetcher> fetchers = new ArrayList<>();
  final ProbeHandler handler;

  ProbeRig(String yaml) {
    this(ProbeModules.parse(yaml, "test.yml"));
  }

  ProbeRig(ProbeModules modules) {
    FetcherConfig base =
        FetcherConfig.DEFAULTS.withAddressPolicy(LoopbackMetrics.LOOPBACK_ALLOWED).withoutReuse();
    Map<ProbeModule.Tls, ProbeHandler.Client> clients = ProbeHandler.clients(modules, base, c -> {
      HttpFetcher f = LoopbackMetrics.await(reactor.callOnLoopValue(() -> new HttpFetcher(reactor, c)));
      fetchers.add(f);
      return f::fetch;
    });
    handler = new ProbeHandler(reactor, modules, clients::get, RequestOptions.DEFAULTS.withSha256(false),
        ProbeOptions.DEFAULTS);
  }

  /** The reply to {@code /probe?module=...&target=...} (debug as asked). */
  HttpReply reply(String module, String target, String scrapeTimeout, boolean debug) {
    CompletableFuture<HttpReply> out = new CompletableFuture<>();
    reactor.callFromThread(() -> handler.probe(target, scrapeTimeout, module, debug)
        .addBoth((HttpReply r, io.fetchd.defer.Failure f) -> {
          if (f == null) {
            out.complete(r);
          } else {
            out.completeExceptionally(f.value());
          }
          return null;
        }));
    return LoopbackMetrics.await(out);
  }

  /** The metrics of one probe, checked to be a 200 in the text format. */
  ScrapeText probe(String module, String target) {
    HttpReply r = reply(module, target, null, false);
    if (r.status() != 200 || !r.contentType().equals(HttpReply.PROMETHEUS_TEXT)) {
      throw new AssertionError("not a probe answer: " + r);
    }
    return ScrapeText.parse(r.body());
  }

  @Override
  public void close() {
    metrics.close();
    LoopbackMetrics.await(reactor.callOnLoopValue(() -> {
      fetchers.forEach(HttpFetcher::close);
      return null;
    }));
    reactor.close();
  }
}
