package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.batch.BatchLimits;
import io.fetchd.batch.BatchListener;
import io.fetchd.batch.OutcomeFootprint;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.RequestOptions;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * The results of a {@code POST /v1/fetch} batch are held as objects until written, and the memory
 * budget holds them ({@code unwritten_results}): reserved at admission (503 with Retry-After when
 * the budget cannot take the batch now, 413 when it never could), given back as results are
 * written, and all of it back when the response ends or its client leaves. The estimate they are
 * reserved by is checked against the real object graphs, measured with JOL.
 */
class ApiUnwrittenResultsTest {
  static {
    System.setProperty("jol.magicFieldOffset", "true"); // records refuse Unsafe's offsets
  }

  private Upstream up;
  private ApiHarness h;

  private void start(long budgetBytes) throws Exception {
    up = new Upstream();
    h = new ApiHarness(BatchLimits.DEFAULTS, new MemoryBudget(budgetBytes));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (up != null) {
      up.close();
    }
    if (h != null) {
      h.close();
    }
  }

  private long unwritten() {
    return h.onLoop(() -> h.engine.budget().used(MemoryKind.UNWRITTEN_RESULTS));
  }

  private static String body(List<String> urls) {
    StringBuilder b = new StringBuilder("{\"urls\":[");
    for (int i = 0; i < urls.size(); i++) {
      b.append(i == 0 ? "" : ",").append('"').append(urls.get(i)).append('"');
    }
    return b.append("]}").toString();
  }

  private CompletableFuture<HttpResponse<String>> postAsync(String json, String accept) {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.port + "/v1/fetch"))
        .header("Content-Type", "application/json")
        .header("Accept", accept)
        .timeout(ApiHarness.WAIT)
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    return h.http.sendAsync(req, HttpResponse.BodyHandlers.ofString());
  }

  /** A slow first URL holds a JSON document's other results; all of them are in the budget. */
  @Test
  void resultsWaitingForASlowFirstUrlAreHeldInTheBudgetAndGoBackWhenWritten() throws Exception {
    start(64L * 1024 * 1024);
    List<String> urls = new ArrayList<>();
    urls.add(up.url("/hold/first"));
    for (int i = 0; i < 200; i++) {
      urls.add("not a url " + i);
    }
    long expected = 0;
    for (String u : urls) {
      expected += OutcomeFootprint.pending(u);
    }
    CompletableFuture<HttpResponse<String>> r = postAsync(body(urls), "application/json");
    up.awaitArrival("first");
    long held = unwritten();
    assertTrue(held >= expected, "held " + held + " of at least " + expected);
    up.release("first");
    HttpResponse<String> done = ApiHarness.await(r);
    assertEquals(200, done.statusCode());
    assertTrue(done.body().contains("\"succeeded\":1"), done.body());
    h.awaitOnLoop(() -> h.engine.budget().used(MemoryKind.UNWRITTEN_RESULTS) == 0);
  }

  @Test
  void aBatchTheBudgetCannotTakeNowIs503WithRetryAfterAndOneThatNeverFitsIs413() throws Exception {
    start(200_000);
    List<String> held = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      held.add(up.url("/hold/h")); // ~200 bytes each: ~120 KB of the 200 KB budget
    }
    CompletableFuture<HttpResponse<String>> running = postAsync(body(held), "application/x-ndjson");
    up.awaitArrival("h");
    ApiHarness.Response refused = h.post("/v1/fetch", body(held));
    assertEquals(503, refused.status(), refused.body());
    assertEquals("Overloaded", refused.errorType());
    assertNotNull(refused.header("Retry-After"));
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      many.add("not a url " + i);
    }
    ApiHarness.Response never = h.post("/v1/fetch", body(many));
    assertEquals(413, never.status(), never.body());
    assertEquals("TooManyUrls", never.errorType());
    assertTrue(never.body().contains("memory.budgetBytes"), never.body());
    up.release("h");
    assertEquals(200, ApiHarness.await(running).statusCode());
    h.awaitOnLoop(() -> h.engine.budget().used(MemoryKind.UNWRITTEN_RESULTS) == 0);
    assertTrue(h.onLoop(() -> h.engine.budget().refusals(MemoryKind.UNWRITTEN_RESULTS)) >= 2);
    // Once the first batch is written, the same batch is admitted.
    assertEquals(200, h.post("/v1/fetch", body(List.of(up.url("/ok/again")))).status());
  }

  @Test
  void aClientThatLeavesGivesBackWhatItsBatchHeld() throws Exception {
    start(64L * 1024 * 1024);
    List<String> urls = new ArrayList<>();
    urls.add(up.url("/hold/gone"));
    for (int i = 0; i < 50; i++) {
      urls.add("not a url " + i);
    }
    byte[] json = body(urls).getBytes(StandardCharsets.UTF_8);
    try (Socket s = h.socket()) {
      OutputStream o = s.getOutputStream();
      o.write(("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      o.write(json);
      o.flush();
      InputStream in = s.getInputStream();
      assertTrue(in.read() > 0); // the head is out: the batch runs
      up.awaitArrival("gone");
      assertTrue(unwritten() > 0);
    }
    h.awaitOnLoop(() -> h.engine.budget().used(MemoryKind.UNWRITTEN_RESULTS) == 0);
    up.release("gone");
  }

  /** The estimate errs high against the real object graphs, but not wildly. */
  @Test
  void theEstimateCoversTheRealOutcomes() throws Exception {
    start(64L * 1024 * 1024);
    List<String> urls = List.of(
        up.url("/ok/small"), up.url("/status/404"), "not a url", "http://127.0.0.1:1/refused",
        "ftp://127.0.0.1/other");
    List<UrlOutcome> got = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    h.onLoop(() -> h.engine.start(urls, RequestOptions.DEFAULTS, new BatchListener() {
      @Override
      public void onOutcome(io.fetchd.batch.Batch b, UrlOutcome o) {
        got.add(o);
      }

      @Override
      public void onFinished(io.fetchd.batch.Batch b) {
        done.complete(null);
      }
    }));
    ApiHarness.await(done);
    assertEquals(urls.size(), got.size());
    for (UrlOutcome o : got) {
      long real = GraphLayout.parseInstance(o).totalSize(); // shared class mirrors too: stricter
      long estimate = OutcomeFootprint.of(o);
      String what = o.url() + " -> " + (o.error() == null ? "ok" : o.error().type());
      System.out.println("outcome footprint " + what + ": JOL " + real + " B, estimate " + estimate + " B");
      assertTrue(estimate >= real, what + ": estimate " + estimate + " < real " + real);
      assertTrue(estimate <= 4 * real, what + ": estimate " + estimate + " > 4x real " + real);
    }
  }
}
