package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiFetchTest {
  private Upstream up;
  private ApiHarness h;

  @BeforeEach
  void setUp() throws Exception {
    up = new Upstream();
    h = new ApiHarness();
  }

  @AfterEach
  void tearDown() throws Exception {
    up.close();
    h.close();
  }

  private String urls(String... paths) {
    return ApiHarness.urls(up, paths);
  }

  @Test
  void sixUrlsWithOneInvalidGiveFiveResultsAndOneInvalidUrlWith200() {
    ApiHarness.Response r =
        h.post("/v1/fetch", ApiHarness.body(urls("/ok/a", "/ok/b", "/ok/c", "a_bad_url", "/ok/d", "/ok/e")));
    assertEquals(200, r.status(), r.body());
    JsonNode json = r.json();
    JsonNode results = json.get("results");
    assertEquals(6, results.size());
    int ok = 0;
    for (JsonNode res : results) {
      if (res.get("ok").asBoolean()) {
        ok++;
        assertEquals(200, res.get("status").asInt());
      }
    }
    assertEquals(5, ok);
    assertEquals("InvalidUrl", results.get(3).path("error").path("type").asText());
    assertEquals("a_bad_url", results.get(3).get("url").asText());
    assertEquals(6, json.at("/summary/total").asInt());
    assertEquals(5, json.at("/summary/succeeded").asInt());
    assertEquals(1, json.at("/summary/failed").asInt());
    assertTrue(json.at("/summary/elapsedMs").isNumber());
    assertTrue(json.get("batchId").isTextual());
  }

  @Test
  void fetchResultsComeInInputOrderWhateverTheCompletionOrder() throws Exception {
    var pending =
        h.http.sendAsync(
            HttpRequest.newBuilder(h.uri("/v1/fetch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApiHarness.body(urls("/hold/first", "/ok/second", "/ok/third"))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    up.awaitArrival("first");
    h.awaitOnLoop(() -> h.engine.queuedUrls() == 1);
    up.release("first");
    HttpResponse<String> r = pending.get(ApiHarness.WAIT.toSeconds(), TimeUnit.SECONDS);
    JsonNode results = ApiHarness.JSON.readTree(r.body()).get("results");
    for (int i = 0; i < 3; i++) {
      assertEquals(i, results.get(i).get("index").asInt());
    }
    assertEquals(up.url("/hold/first"), results.get(0).get("url").asText());
  }

  @Test
  void theJsonDocumentStreamsItsInOrderPrefixBeforeTheBatchEnds() throws Exception {
    HttpResponse<InputStream> r =
        h.http.sendAsync(
            HttpRequest.newBuilder(h.uri("/v1/fetch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApiHarness.body(urls(inOrderThenHeld()))))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream())
            .get(ApiHarness.WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(200, r.statusCode(), "the head goes out when the batch starts");
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    up.awaitArrival("second");
    InputStream in = r.body();
    StringBuilder seen = new StringBuilder();
    // The document goes out in ~16 KiB chunks: the first chunk, with the first result, arrives
    // (bounded by the helper's timeout) while /hold/second, the last URL, is still held.
    CompletableFuture.runAsync(() -> {
      try {
        while (!seen.toString().contains("\"index\":0")) {
          int c = in.read();
          if (c < 0) {
            return;
          }
          seen.append((char) c);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).get(ApiHarness.WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(seen.toString().startsWith("{\"batchId\":"), seen.toString());
    assertEquals(1, h.onLoop(h.engine::runningBatches), "the first result arrived while the batch still ran");
    up.release("second");
    String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    JsonNode json = ApiHarness.JSON.readTree(seen + rest);
    int n = inOrderThenHeld().length;
    assertEquals(n, json.get("results").size());
    assertEquals(up.url("/hold/second"), json.at("/results/" + (n - 1) + "/url").asText());
    assertEquals(n, json.at("/summary/succeeded").asInt());
  }

  /** Enough quick URLs to fill more than one 16 KiB chunk of results, then a held one. */
  private static String[] inOrderThenHeld() {
    String[] paths = new String[81];
    for (int i = 0; i < 80; i++) {
      paths[i] = "/ok/first-" + i;
    }
    paths[80] = "/hold/second";
    return paths;
  }

  @Test
  void aResultCarriesResponseFactsAndOmitsPhasesThatDidNotHappen() {
    JsonNode res = h.post("/v1/fetch", ApiHarness.body(urls("/ok/hello"))).json().at("/results/0");
    assertTrue(res.get("ok").asBoolean());
    assertEquals(5, res.get("bytes").asInt());
    assertEquals(64, res.get("sha256").asText().length());
    assertEquals("text/plain", res.get("contentType").asText());
    assertEquals(0, res.get("redirects").asInt());
    assertEquals(1, res.get("attempts").asInt());
    assertTrue(res.get("redirectChain").isArray());
    assertNull(res.get("body"));
    assertNull(res.get("tls"));
    JsonNode t = res.get("timings");
    assertTrue(t.get("totalMs").isNumber());
    assertNull(t.get("dnsMs"), "an IP literal needs no DNS: " + t);
    assertNull(t.get("tlsMs"), "plain HTTP has no TLS: " + t);
  }

  @Test
  void sha256FalseLeavesTheHashOutAndKeepsTheRest() {
    String body = "{\"urls\":" + urls("/ok/hello") + ",\"options\":{\"sha256\":false}}";
    JsonNode res = h.post("/v1/fetch", body).json().at("/results/0");
    assertTrue(res.get("ok").asBoolean(), res.toString());
    assertEquals(5, res.get("bytes").asInt());
    assertNull(res.get("sha256"), res.toString());
    String on = "{\"urls\":" + urls("/ok/hello") + ",\"options\":{\"sha256\":true}}";
    assertEquals(
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        h.post("/v1/fetch", on).json().at("/results/0/sha256").asText());
  }

  @Test
  void bodyIsTextOrBase64OnlyWhenAskedFor() {
    String text = "{\"urls\":" + urls("/ok/hello") + ",\"options\":{\"body\":\"text\"}}";
    assertEquals("hello", h.post("/v1/fetch", text).json().at("/results/0/body").asText());
    String b64 = "{\"urls\":" + urls("/ok/hello") + ",\"options\":{\"body\":\"base64\"}}";
    String got = h.post("/v1/fetch", b64).json().at("/results/0/body").asText();
    assertEquals("hello", new String(Base64.getDecoder().decode(got), StandardCharsets.UTF_8));
  }

  @Test
  void nonSuccessStatusIsAFailedResultWithItsStatus() {
    JsonNode res = h.post("/v1/fetch", ApiHarness.body(urls("/status/404"))).json().at("/results/0");
    assertFalse(res.get("ok").asBoolean());
    assertEquals(404, res.get("status").asInt());
    assertEquals("HttpStatus", res.at("/error/type").asText());
  }

  @Test
  void ndjsonStreamsLinesInCompletionOrderBeforeTheBatchEnds() throws Exception {
    HttpResponse<Stream<String>> r =
        h.http
            .sendAsync(
                HttpRequest.newBuilder(h.uri("/v1/fetch"))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(
                        ApiHarness.body(urls("/hold/slow", "/ok/quick", "/hold/middle"))))
                    .build(),
                HttpResponse.BodyHandlers.ofLines())
            .get(ApiHarness.WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(200, r.statusCode());
    assertEquals("application/x-ndjson", r.headers().firstValue("Content-Type").orElse(""));
    Iterator<String> lines = r.body().iterator();
    JsonNode first = ApiHarness.JSON.readTree(lines.next());
    assertEquals(1, first.get("index").asInt(), "the quick URL arrives while two are held");
    up.release("middle");
    assertEquals(2, ApiHarness.JSON.readTree(lines.next()).get("index").asInt());
    up.release("slow");
    assertEquals(0, ApiHarness.JSON.readTree(lines.next()).get("index").asInt());
    JsonNode summary = ApiHarness.JSON.readTree(lines.next());
    assertEquals(3, summary.at("/summary/total").asInt());
    assertEquals(3, summary.at("/summary/succeeded").asInt());
    assertFalse(lines.hasNext());
  }

  @Test
  void aClientThatDisconnectsCancelsTheRestOfItsBatch() throws Exception {
    String body = ApiHarness.body(urls("/hold/never"));
    try (Socket s = h.socket()) {
      String req =
          "POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
              + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
      s.getOutputStream().write(req.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      up.awaitArrival("never");
      assertEquals(1, (int) h.onLoop(h.engine::runningBatches));
    }
    h.awaitOnLoop(() -> h.engine.runningBatches() == 0 && h.fetcher.openConnections() == 0);
  }

  @Test
  void aStreamingClientThatDisconnectsCancelsTheRestOfItsBatch() throws Exception {
    String body = ApiHarness.body(urls("/ok/done", "/hold/stuck"));
    try (Socket s = h.socket()) {
      String req =
          "POST /v1/fetch HTTP/1.1\r\nHost: x\r\nAccept: application/x-ndjson\r\nContent-Type: application/json\r\n"
              + "Content-Length: " + body.length() + "\r\n\r\n" + body;
      s.getOutputStream().write(req.getBytes(StandardCharsets.UTF_8));
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !line.contains("\"index\"")) {
        // skip the head and chunk sizes until the first result line
      }
      assertTrue(line != null && line.contains("\"ok\":true"), String.valueOf(line));
      up.awaitArrival("stuck");
    }
    h.awaitOnLoop(() -> h.engine.runningBatches() == 0);
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    try (Socket s = h.socket()) {
      String req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
      s.getOutputStream().write((req + req).getBytes(StandardCharsets.ISO_8859_1));
      StringBuilder got = new StringBuilder();
      byte[] buf = new byte[4096];
      int oks = 0;
      while (oks < 2) {
        int n = s.getInputStream().read(buf);
        if (n < 0) {
          break;
        }
        got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        oks = got.toString().split("HTTP/1.1 200", -1).length - 1;
      }
      assertEquals(2, oks);
    }
  }
}
