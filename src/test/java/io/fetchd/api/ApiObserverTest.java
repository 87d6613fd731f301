package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.http.ApiObserver;
import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.http.ApiRequest;
import io.fetchd.api.http.Responder;
import io.fetchd.api.route.ExtraRoute;
import io.fetchd.api.route.FetchHandler;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchLimits;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the server tells its {@link ApiObserver}: route templates, statuses, refusals. */
class ApiObserverTest {
  private static final String TOKEN = "s3cret";

  private final RecordingObserver observer = new RecordingObserver();
  private Upstream up;
  private ApiHarness h;

  @BeforeEach
  void setUp() throws Exception {
    up = new Upstream();
  }

  @AfterEach
  void tearDown() throws Exception {
    up.close();
    if (h != null) {
      h.close();
    }
  }

  private ApiHarness harness(BatchLimits limits, ApiOptions options) {
    return new ApiHarness(limits, options, RequestCeilings.DEFAULTS,
        x -> new ApiHarness.Plugins(List.of(), observer));
  }

  private String one(String path) {
    return "{\"urls\":[\"" + up.url(path) + "\"]}";
  }

  private List<String> events() {
    return h.onLoop(observer::keys);
  }

  @Test
  void everyBuiltInRouteIsReportedByItsTemplateWithTheStatusSent() {
    h = harness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS);
    assertEquals(200, h.get("/healthz").status());
    assertEquals(200, h.get("/readyz").status());
    assertEquals(200, h.post("/v1/fetch", one("/ok/a")).status());
    ApiHarness.Response job = h.post("/v1/batches", one("/ok/b"));
    assertEquals(202, job.status());
    String location = job.header("Location");
    assertEquals(200, h.get(location).status());
    assertEquals(200, h.delete(location).status());
    assertEquals(405, h.get("/v1/fetch").status());

    assertEquals(
        List.of(
            "GET /healthz 200",
            "GET /readyz 200",
            "POST /v1/fetch 200",
            "POST /v1/batches 202",
            "GET /v1/batches/{id} 200",
            "DELETE /v1/batches/{id} 200",
            "GET /v1/fetch 405"),
        events());
    assertTrue(h.onLoop(observer::completed).stream().noneMatch(c -> c.elapsed().isNegative()));
  }

  @Test
  void pathsNoRouteMatchesAreReportedAsUnmatchedNeverAsTheRawPath() {
    h = harness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS);
    assertEquals(404, h.get("/nowhere/secret-123").status());
    assertEquals(404, h.get("/v1/batches/a/b").status());
    assertEquals(404, h.get("/v1/batches/no-such-job").status());

    assertEquals(
        List.of("GET unmatched 404", "GET unmatched 404", "GET /v1/batches/{id} 404"),
        events(),
        "an unknown job id is still the job route; a 404 is not a refusal");
  }

  @Test
  void refusalsAreReportedByReasonJustBeforeTheirResponse() throws Exception {
    h = harness(BatchLimits.DEFAULTS.withMaxConcurrentBatches(1),
        ApiOptions.DEFAULTS.withAuthTokens(List.of(TOKEN)).withMaxRequestBodyBytes(1024));
    String auth = "Bearer " + TOKEN;
    assertEquals(401, h.post("/v1/fetch", one("/ok/a")).status());
    assertEquals(400, h.post("/v1/fetch", "{", "Authorization", auth).status());
    assertEquals(415, h.post("/v1/fetch", one("/ok/a"), "Authorization", auth, "Content-Type", "text/plain").status());
    String big = "POST /v1/fetch HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth
        + "\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n";
    assertTrue(h.raw(big).startsWith("HTTP/1.1 413"));
    assertTrue(h.raw("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 414"));
    assertEquals(202, h.post("/v1/batches", one("/hold/busy"), "Authorization", auth).status());
    up.awaitArrival("busy");
    assertEquals(503, h.post("/v1/fetch", one("/ok/b"), "Authorization", auth).status());
    up.release("busy");

    assertEquals(
        List.of(
            "rejected auth", "POST /v1/fetch 401",
            "rejected bad_input", "POST /v1/fetch 400",
            "rejected bad_input", "POST /v1/fetch 415",
            "rejected bad_input", "POST /v1/fetch 413",
            "rejected bad_input", "OTHER unmatched 414",
            "POST /v1/batches 202",
            "rejected overload", "POST /v1/fetch 503"),
        events());
  }

  @Test
  void aStreamIsReportedOnlyOnceItsLastChunkIsWritten() throws Exception {
    h = harness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS);
    CompletableFuture<HttpResponse<String>> stream =
        h.http.sendAsync(
            HttpRequest.newBuilder(h.uri("/v1/fetch"))
                .header("Content-Type", "application/json")
                .header("Accept", FetchHandler.NDJSON)
                .POST(HttpRequest.BodyPublishers.ofString(one("/hold/slow")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    up.awaitArrival("slow");
    assertEquals(List.of(), events(), "the head is out, the stream is not over");
    up.release("slow");
    assertEquals(200, stream.get(ApiHarness.WAIT.toSeconds(), TimeUnit.SECONDS).statusCode());
    h.awaitOnLoop(() -> !observer.completed().isEmpty());
    assertEquals(List.of("POST /v1/fetch 200"), events());
  }

  @Test
  void aClientGoneBeforeTheAnswerIsReportedWithNoStatus() throws Exception {
    // A route that answers later (like GET /probe); the client leaves before it does.
    CountDownLatch asked = new CountDownLatch(1);
    ExtraRoute later = new ExtraRoute() {
      @Override
      public String path() {
        return "/later";
      }

      @Override
      public void handle(ApiRequest request, Responder out) {
        out.onChannelChange(() -> {
          if (!out.isOpen()) {
            out.abort();
          }
        });
        asked.countDown();
      }
    };
    h = new ApiHarness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS, RequestCeilings.DEFAULTS,
        x -> new ApiHarness.Plugins(List.of(later), observer));
    try (Socket s = h.socket()) {
      s.getOutputStream().write("GET /later HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      assertTrue(asked.await(ApiHarness.WAIT.toSeconds(), TimeUnit.SECONDS));
    }
    h.awaitOnLoop(() -> !observer.completed().isEmpty());
    assertEquals(List.of("GET /later 0"), events());
    assertFalse(h.onLoop(observer::completed).get(0).elapsed().isNegative());
  }

  @Test
  void aClientGoneInTheMiddleOfTheAnswerIsReportedWithTheStatusSent() throws Exception {
    h = harness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS);
    String body = one("/hold/gone");
    try (Socket s = h.socket()) {
      s.getOutputStream().write(("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
      up.awaitArrival("gone");
    }
    h.awaitOnLoop(() -> !observer.completed().isEmpty());
    assertEquals(List.of("POST /v1/fetch 200"), events(), "the head (200) went out when the batch started");
  }

  @Test
  void anObserverThatThrowsDoesNotBreakTheResponse() {
    ApiObserver broken =
        new ApiObserver() {
          @Override
          public void requestCompleted(String route, String method, int status, java.time.Duration elapsed) {
            throw new IllegalStateException("observer bug");
          }

          @Override
          public void requestRejected(String reason) {
            throw new IllegalStateException("observer bug");
          }
        };
    h = new ApiHarness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS, RequestCeilings.DEFAULTS,
        x -> new ApiHarness.Plugins(List.of(), broken));
    assertEquals(200, h.get("/healthz").status());
    assertEquals(400, h.post("/v1/fetch", "{").status());
    assertEquals(200, h.get("/healthz").status(), "the connection goes on");
  }
}
