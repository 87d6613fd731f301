package io.fetchd.api;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer on 127.0.0.1 with paths that make timing explicit instead of sleeping:
 * {@code /ok/NAME} answers 200 "NAME" at once, {@code /status/CODE} answers CODE, {@code
 * /hold/NAME} answers 200 "NAME" only once the test calls {@link #release(String)} (or 500 after
 * the harness wait), {@code /big/BYTES/NAME} answers 200 with BYTES bytes of text, and {@link
 * #awaitArrival} tells when a held request has reached the server.
 */
final class Upstream implements AutoCloseable {
  final MockWebServer server = new MockWebServer();
  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> arrivals = new ConcurrentHashMap<>();

  Upstream() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            return answer(request.getTarget());
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  private MockResponse answer(String target) throws InterruptedException {
    String[] parts = target.split("/", 3);
    String kind = parts.length > 1 ? parts[1] : "";
    String name = parts.length > 2 ? parts[2] : "";
    switch (kind) {
      case "ok":
        return new MockResponse.Builder().setHeader("Content-Type", "text/plain").body(name).build();
      case "big":
        int bytes = Integer.parseInt(name.split("/", 2)[0]);
        return new MockResponse.Builder().setHeader("Content-Type", "text/plain").body("x".repeat(bytes)).build();
      case "status":
        return new MockResponse.Builder().code(Integer.parseInt(name)).body("status " + name).build();
      case "hold":
        // The gate exists before the arrival is announced, so close() always finds it to open.
        CountDownLatch gate = gate(name);
        arrival(name).countDown();
        if (!gate.await(ApiHarness.WAIT.toSeconds(), TimeUnit.SECONDS)) {
          return new MockResponse.Builder().code(500).body("never released").build();
        }
        return new MockResponse.Builder().setHeader("Content-Type", "text/plain").body(name).build();
      default:
        return new MockResponse.Builder().code(404).build();
    }
  }

  private CountDownLatch gate(String name) {
    return gates.computeIfAbsent(name, n -> new CountDownLatch(1));
  }

  private CountDownLatch arrival(String name) {
    return arrivals.computeIfAbsent(name, n -> new CountDownLatch(1));
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  void release(String name) {
    gate(name).countDown();
  }

  void awaitArrival(String name) throws InterruptedException {
    if (!arrival(name).await(ApiHarness.WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("request for /hold/" + name + " never arrived");
    }
  }

  @Override
  public void close() throws IOException {
    gates.values().forEach(CountDownLatch::countDown);
    server.close();
  }
}
