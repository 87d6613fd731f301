package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiJobsTest {
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

  private String start(String... paths) {
    ApiHarness.Response r = h.post("/v1/batches", ApiHarness.body(ApiHarness.urls(up, paths)));
    assertEquals(202, r.status(), r.body());
    String id = r.json().get("batchId").asText();
    assertEquals("/v1/batches/" + id, r.header("Location"));
    assertEquals("running", r.json().get("state").asText());
    return id;
  }

  /** Polls until the job is no longer running; bounded by the harness wait. */
  private JsonNode pollUntilOver(String id) {
    long deadline = System.nanoTime() + ApiHarness.WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode j = h.get("/v1/batches/" + id).json();
      if (!j.get("state").asText().equals("running")) {
        return j;
      }
      h.awaitOnLoop(() -> true); // one loop turn between polls
    }
    throw new AssertionError("job " + id + " still running after " + ApiHarness.WAIT);
  }

  @Test
  void aJobRunsToDoneAndItsResultsArePaged() {
    String id = start("/ok/a", "/ok/b", "/ok/c");
    JsonNode done = pollUntilOver(id);
    assertEquals("done", done.get("state").asText());
    assertEquals(3, done.at("/counts/total").asInt());
    assertEquals(3, done.at("/counts/completed").asInt());
    assertEquals(3, done.at("/counts/succeeded").asInt());
    assertEquals(0, done.at("/counts/pending").asInt());
    assertEquals(3, done.get("results").size());
    assertTrue(done.get("next").isNull());

    JsonNode page1 = h.get("/v1/batches/" + id + "?offset=0&limit=2").json();
    assertEquals(2, page1.get("results").size());
    assertEquals(2, page1.get("next").asInt());
    JsonNode page2 = h.get("/v1/batches/" + id + "?offset=2&limit=2").json();
    assertEquals(1, page2.get("results").size());
    assertTrue(page2.get("next").isNull());
  }

  @Test
  void aRunningJobShowsPendingAndANextOffset() throws Exception {
    String id = start("/ok/a", "/hold/j1");
    up.awaitArrival("j1");
    h.awaitOnLoop(() -> h.engine.queuedUrls() == 1);
    JsonNode j = h.get("/v1/batches/" + id).json();
    assertEquals("running", j.get("state").asText());
    assertEquals(1, j.at("/counts/pending").asInt());
    assertEquals(1, j.get("next").asInt());
    up.release("j1");
    assertEquals("done", pollUntilOver(id).get("state").asText());
  }

  @Test
  void deletingAJobCancelsPendingUrlsAndKeepsFinishedOnes() throws Exception {
    String id = start("/ok/a", "/hold/j2");
    up.awaitArrival("j2");
    h.awaitOnLoop(() -> h.engine.queuedUrls() == 1);
    ApiHarness.Response del = h.delete("/v1/batches/" + id);
    assertEquals(200, del.status(), del.body());
    JsonNode over = pollUntilOver(id);
    assertEquals("cancelled", over.get("state").asText());
    JsonNode results = over.get("results");
    assertEquals(2, results.size());
    assertEquals(0, results.get(0).get("index").asInt());
    assertTrue(results.get(0).get("ok").asBoolean());
    assertEquals("Cancelled", results.get(1).at("/error/type").asText());
  }

  @Test
  void anUnknownJobIsNotFound() {
    assertEquals("NotFound", h.get("/v1/batches/feedface").errorType());
    assertEquals(404, h.delete("/v1/batches/feedface").status());
  }

  @Test
  void badPagingParametersAreRefused() {
    String id = start("/ok/a");
    assertEquals(400, h.get("/v1/batches/" + id + "?offset=-1").status());
    assertEquals(400, h.get("/v1/batches/" + id + "?limit=0").status());
    assertEquals(400, h.get("/v1/batches/" + id + "?limit=1001").status());
    assertEquals(400, h.get("/v1/batches/" + id + "?offset=abc").status());
  }

  @Test
  void jobsKeepBodiesWhenAsked() {
    ApiHarness.Response r =
        h.post("/v1/batches", "{\"urls\":[\"" + up.url("/ok/kept") + "\"],\"options\":{\"body\":\"text\"}}");
    JsonNode done = pollUntilOver(r.json().get("batchId").asText());
    assertEquals("kept", done.at("/results/0/body").asText());
  }
}
