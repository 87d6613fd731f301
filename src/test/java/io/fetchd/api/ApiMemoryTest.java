package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchd.api.json.EncodedOutcomes;
import io.fetchd.api.route.JobStore;
import io.fetchd.batch.BatchLimits;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The memory budget seen through the API: a kept body the budget cannot take fails only its own
 * URL, a job that was evicted is 410 with why (an id never seen stays 404), a job the budget
 * cannot take is 503 with Retry-After, and what the budget held goes back.
 */
class ApiMemoryTest {
  private Upstream up;
  private ApiHarness h;

  private void start(BatchLimits limits, long budgetBytes) throws Exception {
    up = new Upstream();
    h = new ApiHarness(limits, new MemoryBudget(budgetBytes));
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

  private MemoryBudget budget() {
    return h.engine.budget();
  }

  private static String body(List<String> urls, String options) {
    StringBuilder b = new StringBuilder("{\"urls\":[");
    for (int i = 0; i < urls.size(); i++) {
      b.append(i == 0 ? "" : ",").append('"').append(urls.get(i)).append('"');
    }
    return b.append("]").append(options == null ? "" : ",\"options\":" + options).append("}").toString();
  }

  private JsonNode pollUntilOver(String id) {
    long deadline = System.nanoTime() + ApiHarness.WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode j = h.get("/v1/batches/" + id).json();
      if (!j.get("state").asText().equals("running")) {
        return j;
      }
      h.awaitOnLoop(() -> true);
    }
    throw new AssertionError("job " + id + " still running");
  }

  @Test
  void aKeptBodyTheBudgetCannotTakeFailsOnlyThatUrl() throws Exception {
    start(BatchLimits.DEFAULTS, 256 * 1024);
    List<String> urls = List.of(up.url("/ok/first"), up.url("/big/600000/huge"), up.url("/ok/last"));
    ApiHarness.Response r = h.post("/v1/fetch", body(urls, "{\"body\":\"text\"}"));
    assertEquals(200, r.status(), r.body());
    JsonNode results = r.json().get("results");
    assertEquals("first", results.get(0).get("body").asText());
    assertEquals("MemoryBudgetExceeded", results.get(1).at("/error/type").asText(), results.get(1).toString());
    assertEquals("last", results.get(2).get("body").asText());
    assertEquals(2, r.json().at("/summary/succeeded").asInt());
    h.awaitOnLoop(() -> budget().used(MemoryKind.KEPT_BODIES) == 0);
    assertTrue(budget().refusals(MemoryKind.KEPT_BODIES) > 0);
  }

  @Test
  void keptBodiesOfAStreamAreReleasedOnceWritten() throws Exception {
    start(BatchLimits.DEFAULTS, 8L * 1024 * 1024);
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      urls.add(up.url("/big/20000/b" + i));
    }
    ApiHarness.Response r = h.post("/v1/fetch", body(urls, "{\"body\":\"base64\"}"), "Accept", "application/x-ndjson");
    assertEquals(200, r.status());
    assertEquals(21, r.body().lines().count());
    assertTrue(r.body().lines().limit(20).allMatch(l -> l.contains("\"ok\":true")), r.body());
    h.awaitOnLoop(() -> budget().used(MemoryKind.KEPT_BODIES) == 0);
  }

  @Test
  void aStoredResultIsAFewHundredBytesOfBudget() throws Exception {
    start(BatchLimits.DEFAULTS, 8L * 1024 * 1024);
    long fixed = JobStore.JOB_OVERHEAD_BYTES + EncodedOutcomes.indexBytes(1);
    long[] perResult = new long[2];
    String[] urls = {up.url("/ok/small"), "not-a-url-9999"};
    for (int k = 0; k < 2; k++) {
      String id = h.post("/v1/batches", body(List.of(urls[k]), null)).json().get("batchId").asText();
      pollUntilOver(id);
      perResult[k] = h.onLoop(() -> budget().used(MemoryKind.JOB_OUTCOMES)) - fixed;
      h.delete("/v1/batches/" + id);
      h.awaitOnLoop(() -> budget().used(MemoryKind.JOB_OUTCOMES) == 0);
    }
    System.out.println("budget bytes per stored result: /ok/small success " + perResult[0] + ", invalid URL " + perResult[1]);
    assertTrue(perResult[0] > 100 && perResult[0] < 600, "success: " + perResult[0]);
    assertTrue(perResult[1] > 50 && perResult[1] < 300, "invalid URL: " + perResult[1]);
  }

  @Test
  void anEvictedJobIs410SayingWhyAndANeverSeenOneIs404() throws Exception {
    start(BatchLimits.DEFAULTS.withMaxRetainedJobs(1), 8L * 1024 * 1024);
    String first = h.post("/v1/batches", body(List.of(up.url("/ok/a")), null)).json().get("batchId").asText();
    assertEquals("done", pollUntilOver(first).get("state").asText());
    String second = h.post("/v1/batches", body(List.of(up.url("/ok/b")), null)).json().get("batchId").asText();
    assertEquals("done", pollUntilOver(second).get("state").asText());

    ApiHarness.Response gone = h.get("/v1/batches/" + first);
    assertEquals(410, gone.status(), gone.body());
    assertEquals("Gone", gone.errorType());
    String msg = gone.json().at("/error/message").asText();
    assertTrue(msg.contains("evicted") && msg.contains("maxRetainedJobs") && msg.contains("ago"), msg);
    assertEquals(404, h.get("/v1/batches/feedfacefeedface").status());
    assertEquals("b", h.get("/v1/batches/" + second).json().at("/results/0/url").asText().replaceAll(".*/", ""));
  }

  @Test
  void deletingAFinishedJobFreesItAndItIs410Afterwards() throws Exception {
    start(BatchLimits.DEFAULTS, 8L * 1024 * 1024);
    String id = h.post("/v1/batches", body(List.of(up.url("/ok/a"), "not a url"), null)).json().get("batchId").asText();
    pollUntilOver(id);
    assertTrue(budget().used(MemoryKind.JOB_OUTCOMES) > 0);
    ApiHarness.Response del = h.delete("/v1/batches/" + id);
    assertEquals(200, del.status(), del.body());
    assertEquals(2, del.json().at("/counts/completed").asInt());
    h.awaitOnLoop(() -> budget().used(MemoryKind.JOB_OUTCOMES) == 0);
    ApiHarness.Response gone = h.get("/v1/batches/" + id);
    assertEquals(410, gone.status());
    assertTrue(gone.json().at("/error/message").asText().contains("deleted"), gone.body());
  }

  @Test
  void aJobTheBudgetCannotTakeIs503WithRetryAfterAndOneThatCouldNeverFitIs413() throws Exception {
    start(BatchLimits.DEFAULTS, 25_000);
    List<String> held = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      held.add(up.url("/hold/h"));
    }
    ApiHarness.Response running = h.post("/v1/batches", body(held, null));
    assertEquals(202, running.status(), running.body());
    ApiHarness.Response refused = h.post("/v1/batches", body(held, null));
    assertEquals(503, refused.status(), refused.body());
    assertEquals("Overloaded", refused.errorType());
    assertNotNull(refused.header("Retry-After"));
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      many.add("not a url " + i);
    }
    ApiHarness.Response never = h.post("/v1/batches", body(many, null));
    assertEquals(413, never.status(), never.body());
    up.release("h");
    pollUntilOver(running.json().get("batchId").asText());
  }
}
