package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.http.ApiRequest;
import io.fetchd.api.http.Responder;
import io.fetchd.api.route.ExtraRoute;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchLimits;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HEAD is answered wherever GET is, with GET's head and no body (RFC 9110 9.3.2). */
class ApiHeadTest {
  private final RecordingObserver observer = new RecordingObserver();
  private Upstream up;
  private ApiHarness h;

  @BeforeEach
  void setUp() throws Exception {
    up = new Upstream();
    ExtraRoute metrics =
        new ExtraRoute() {
          @Override
          public String path() {
            return "/metrics";
          }

          @Override
          public void handle(ApiRequest request, Responder out) {
            out.text(200, "text/plain; version=0.0.4", "fetchd_up 1\n");
          }
        };
    h = new ApiHarness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS, RequestCeilings.DEFAULTS,
        x -> new ApiHarness.Plugins(List.of(metrics), observer));
  }

  @AfterEach
  void tearDown() throws Exception {
    up.close();
    h.close();
  }

  @Test
  void headOnHealthzHasGetsStatusAndHeadersWithoutTheBody() {
    ApiHarness.Response get = h.get("/healthz");
    ApiHarness.Response head = h.head("/healthz");
    assertEquals(200, head.status());
    assertEquals("", head.body());
    assertEquals(get.header("Content-Type"), head.header("Content-Type"));
    assertEquals(Integer.toString(get.body().length()), head.header("Content-Length"));
    assertEquals(List.of("GET /healthz 200", "HEAD /healthz 200"), h.onLoop(observer::keys));
  }

  @Test
  void headOnAnExtraGetRouteSendsNoBody() {
    ApiHarness.Response head = h.head("/metrics");
    assertEquals(200, head.status());
    assertEquals("", head.body());
    assertEquals("12", head.header("Content-Length"));
  }

  @Test
  void headOnAChunkedJobPageEndsAtTheHeadAndTheConnectionGoesOn() throws Exception {
    String location = h.post("/v1/batches", "{\"urls\":[\"" + up.url("/ok/a") + "\"]}").header("Location");
    String got = h.raw("HEAD " + location + " HTTP/1.1\r\nHost: x\r\n\r\n"
        + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    int end = got.indexOf("\r\n\r\n");
    String head = got.substring(0, end);
    assertTrue(head.startsWith("HTTP/1.1 200"), got);
    assertTrue(head.toLowerCase().contains("content-type: application/json"), head);
    String rest = got.substring(end + 4);
    assertTrue(rest.startsWith("HTTP/1.1 200"), "no body (not even a last chunk) before the next answer: " + got);
    assertTrue(rest.endsWith("{\"status\":\"ok\"}"), rest);
  }

  @Test
  void headOnAMissingJobIs404WithoutABody() {
    ApiHarness.Response head = h.head("/v1/batches/nope");
    assertEquals(404, head.status());
    assertEquals("", head.body());
  }

  @Test
  void allowListsHeadWhereverGetIsAllowed() {
    assertEquals("GET, HEAD", h.post("/healthz", "{}").header("Allow"));
    assertEquals("GET, HEAD", h.post("/readyz", "{}").header("Allow"));
    assertEquals("GET, HEAD", h.post("/metrics", "{}").header("Allow"));
    assertEquals("DELETE, GET, HEAD", h.method("PUT", "/v1/batches/x").header("Allow"));
  }

  @Test
  void postOnlyRoutesRefuseHeadAndDoNotListIt() {
    ApiHarness.Response head = h.head("/v1/fetch");
    assertEquals(405, head.status());
    assertEquals("POST", head.header("Allow"));
    assertEquals("POST", h.head("/v1/batches").header("Allow"));
  }
}
