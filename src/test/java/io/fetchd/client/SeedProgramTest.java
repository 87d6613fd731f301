package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fetchd.defer.Failure;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The program from the project's seed issue: "six URLs, five served and one a_bad_url, where the
 * bad one errbacks and the others callback, completing in the order the server answers, not the
 * order asked".
 */
class SeedProgramTest {
  /** How long the server waits before answering each path, in milliseconds. */
  private static final Map<String, Integer> DELAY_MS =
      Map.of("/1", 400, "/2", 200, "/3", 0, "/4", 300, "/5", 100);

  private MockWebServer server;
  private FetcherHarness h;

  @BeforeEach
  void setUp() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            Integer delay = DELAY_MS.get(request.getTarget());
            if (delay == null) {
              return new MockResponse.Builder().code(404).build();
            }
            return new MockResponse.Builder()
                .headersDelay(delay, TimeUnit.MILLISECONDS)
                .body("page " + request.getTarget())
                .build();
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new FetcherHarness();
  }

  @AfterEach
  void tearDown() {
    h.close();
    server.close();
  }

  @Test
  void badUrlErrbacksFirstAndTheOthersCallbackInTheOrderTheServerAnswers() {
    String base = "http://127.0.0.1:" + server.getPort();
    List<String> asked =
        List.of(base + "/1", base + "/2", base + "/3", "a_bad_url", base + "/4", base + "/5");
    CompletableFuture<List<String>> allDone = new CompletableFuture<>();
    List<String> completions =
        h.onLoop(
            () -> {
              List<String> order = new ArrayList<>(); // touched on the reactor thread only
              for (String url : asked) {
                h.fetcher
                    .fetch(new FetchRequest(url, RequestOptions.DEFAULTS.withBody(BodyMode.TEXT)))
                    .addBoth(
                        (FetchResult r, Failure f) -> {
                          order.add(
                              f == null
                                  ? "callback " + r.bodyText()
                                  : "errback " + url + " " + ((FetchException) f.value()).type());
                          if (order.size() == asked.size()) {
                            allDone.complete(List.copyOf(order));
                          }
                          return null;
                        });
              }
              return List.copyOf(order); // what had completed before the task returned
            });
    assertEquals(
        List.of("errback a_bad_url InvalidUrl"),
        completions,
        "the bad URL fails while the fetches are being started");
    assertEquals(
        List.of(
            "errback a_bad_url InvalidUrl",
            "callback page /3",
            "callback page /5",
            "callback page /2",
            "callback page /4",
            "callback page /1"),
        FetcherHarness.await(allDone));
  }
}
