package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchLimits;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** shutdown(readinessGrace): unready first, then the socket closes and the drain begins. */
class ApiShutdownGraceTest {
  private final RecordingObserver observer = new RecordingObserver();
  private Upstream up;
  private ApiHarness h;

  @BeforeEach
  void setUp() throws Exception {
    up = new Upstream();
    h = new ApiHarness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS, RequestCeilings.DEFAULTS,
        x -> new ApiHarness.Plugins(List.of(), observer));
  }

  @AfterEach
  void tearDown() throws Exception {
    up.close();
    h.close();
  }

  private String one(String path) {
    return "{\"urls\":[\"" + up.url(path) + "\"]}";
  }

  private String rawStatusLine(String request) throws IOException {
    String got = h.raw(request);
    return got.substring(0, got.indexOf("\r\n"));
  }

  @Test
  void duringTheGraceReadyzIs503WhileNewConnectionsAndBatchesAreStillServed() throws Exception {
    CompletableFuture<Void> stopped = h.server.shutdownFromAnyThread(Duration.ofMinutes(10));
    h.awaitOnLoop(() -> !h.server.isReady());

    assertEquals("HTTP/1.1 503 Service Unavailable",
        rawStatusLine("GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), "a new connection, unready");
    assertEquals("HTTP/1.1 200 OK",
        rawStatusLine("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), "still alive");
    assertEquals(200, h.post("/v1/fetch", one("/ok/a")).status(), "the engine is not draining yet");
    assertFalse(stopped.isDone());
    assertFalse(h.onLoop(observer::keys).contains("rejected overload"), "an unready /readyz is not a refusal");
  }

  @Test
  void aLaterShutdownWithoutGraceClosesTheSocketAtOnce() throws Exception {
    CompletableFuture<Void> first = h.server.shutdownFromAnyThread(Duration.ofMinutes(10));
    h.awaitOnLoop(() -> !h.server.isReady());
    CompletableFuture<Void> second = h.server.shutdownFromAnyThread(Duration.ZERO);
    ApiHarness.await(second);
    ApiHarness.await(first);
    assertThrows(IOException.class, () -> new Socket("127.0.0.1", h.port).close(), "no longer accepting");
  }

  @Test
  void theSocketClosesByItselfWhenTheGraceIsOver() {
    CompletableFuture<Void> stopped = h.server.shutdownFromAnyThread(Duration.ofMillis(50));
    ApiHarness.await(stopped);
    assertThrows(IOException.class, () -> new Socket("127.0.0.1", h.port).close(), "no longer accepting");
  }

  @Test
  void aNegativeGraceIsRefused() {
    CompletableFuture<Void> f = h.server.shutdownFromAnyThread(Duration.ofMillis(-1));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(ApiHarness.WAIT.toSeconds(), TimeUnit.SECONDS));
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertTrue(h.server.isReady(), "nothing was shut down");
  }
}
