package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchd.api.http.ApiObserver;
import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.route.ExtraRoute;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchEngine;
import io.fetchd.batch.BatchLimits;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.HttpFetcher;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.policy.AddressPolicy;
import io.fetchd.defer.Deferred;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.reactor.Reactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A real reactor, fetcher (allowing 127.0.0.0/8 only), engine and API server on 127.0.0.1:0, and
 * an HTTP/1.1 client. Bridges to the test thread with bounded waits.
 */
final class ApiHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final ObjectMapper JSON = new ObjectMapper();

  final Reactor reactor = new Reactor();
  final HttpFetcher fetcher;
  final BatchEngine engine;
  final ApiServer server;
  final int port;
  final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  ApiHarness() {
    this(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS, RequestCeilings.DEFAULTS, List.of());
  }

  ApiHarness(BatchLimits limits, ApiOptions options, RequestCeilings ceilings, List<ExtraRoute> extras) {
    this(limits, options, ceilings, h -> new Plugins(extras, ApiObserver.NONE));
  }

  /** What a test plugs into the server; made once the reactor, fetcher and engine exist. */
  record Plugins(List<ExtraRoute> extras, ApiObserver observer) {}

  ApiHarness(BatchLimits limits, ApiOptions options, RequestCeilings ceilings, Function<ApiHarness, Plugins> plugins) {
    this(limits, options, ceilings, plugins, MemoryBudget.unlimited());
  }

  /** A server with {@code options} whose fetcher, engine and API share {@code budget}, as the service's do. */
  ApiHarness(ApiOptions options, MemoryBudget budget) {
    this(BatchLimits.DEFAULTS, options, RequestCeilings.DEFAULTS, h -> new Plugins(List.of(), ApiObserver.NONE), budget);
  }

  /** A harness whose fetcher, engine and API share {@code budget}, as the service's do. */
  ApiHarness(BatchLimits limits, MemoryBudget budget) {
    this(limits, ApiOptions.DEFAULTS, RequestCeilings.DEFAULTS, h -> new Plugins(List.of(), ApiObserver.NONE), budget);
  }

  ApiHarness(
      BatchLimits limits,
      ApiOptions options,
      RequestCeilings ceilings,
      Function<ApiHarness, Plugins> plugins,
      MemoryBudget budget) {
    FetcherConfig config =
        FetcherConfig.DEFAULTS.withAddressPolicy(AddressPolicy.builder().allow("127.0.0.0/8").build());
    fetcher = onLoop(() -> new HttpFetcher(reactor, config, io.fetchd.client.FetchListener.NONE, budget));
    engine = onLoop(() -> new BatchEngine(fetcher::fetch, reactor, limits, BatchEngine.BatchEvents.NONE, budget));
    Plugins p = plugins.apply(this);
    server =
        new ApiServer(
            reactor, engine, options.withHost("127.0.0.1").withPort(0), RequestOptions.DEFAULTS, ceilings,
            p.extras(), p.observer());
    port = await(server.startFromAnyThread()).getPort();
  }

  /** Runs {@code fn} on the reactor thread and waits for its value. */
  <T> T onLoop(Callable<T> fn) {
    return await(reactor.callOnLoopValue(fn));
  }

  /** Waits for a Deferred made on the loop by {@code fn}. */
  <T> T awaitDeferred(Callable<Deferred<T>> fn) {
    return await(reactor.callOnLoop(fn));
  }

  /** Waits until {@code condition}, checked on the reactor thread every millisecond, holds. */
  void awaitOnLoop(BooleanSupplier condition) {
    CompletableFuture<Void> holds = new CompletableFuture<>();
    reactor.callFromThread(() -> check(condition, holds));
    try {
      await(holds);
    } finally {
      holds.cancel(false);
    }
  }

  private void check(BooleanSupplier condition, CompletableFuture<Void> holds) {
    if (holds.isDone()) {
      return;
    }
    if (condition.getAsBoolean()) {
      holds.complete(null);
      return;
    }
    reactor.callLater(Duration.ofMillis(1), () -> check(condition, holds));
  }

  static <T> T await(CompletableFuture<T> f) {
    return io.fetchd.testing.Await.within(WAIT, f);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** A response read whole. */
  record Response(int status, HttpHeaders headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String errorType() {
      return json().path("error").path("type").asText(null);
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r =
          http.sendAsync(b.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString())
              .get(WAIT.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  Response post(String path, String json, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(json));
    b.header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  Response get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  Response delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  Response head(String path) {
    return send(HttpRequest.newBuilder(uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
  }

  Response method(String method, String path) {
    return send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  /** A raw connection to the server, for requests an HTTP client will not send. */
  Socket socket() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    s.setSoTimeout((int) WAIT.toMillis());
    return s;
  }

  /** Sends {@code request} raw and reads until the server closes the connection. */
  String raw(String request) throws IOException {
    try (Socket s = socket()) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return readToEof(s.getInputStream());
    }
  }

  static String readToEof(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    try {
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // a reset after the response still leaves what was read
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * A JSON array of URLs: each entry that starts with "/" is a path on {@code up}, any other is
   * sent as written (e.g. a malformed URL).
   */
  static String urls(Upstream up, String... entries) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < entries.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"').append(entries[i].startsWith("/") ? up.url(entries[i]) : entries[i]).append('"');
    }
    return sb.append(']').toString();
  }

  static String body(String urlsJson) {
    return "{\"urls\":" + urlsJson + "}";
  }

  static void assertPresent(JsonNode n, String field) {
    assertNotNull(n.get(field), field + " missing in " + n);
  }

  @Override
  public void close() {
    if (!server.isReady() && server.boundAddress() == null) {
      reactor.close();
      return;
    }
    await(server.shutdownFromAnyThread());
    onLoop(
        () -> {
          fetcher.close();
          return null;
        });
    reactor.close();
  }
}
