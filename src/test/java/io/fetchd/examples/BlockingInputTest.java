package io.fetchd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fetchd.client.FetcherConfig;
import io.fetchd.client.HttpFetcher;
import io.fetchd.client.policy.AddressPolicy;
import io.fetchd.reactor.Reactor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The getPage batch against a 127.0.0.1 server this test starts. The server answers the five
 * pages in an order the test picks, not the order asked: it holds each page until the example has
 * printed its report of the page before it, so the order is decided by events, not by timing. The
 * fetcher's address policy allows loopback for this test only. Bounded waits only.
 */
class BlockingInputTest {
  /** The order the server answers in; a_bad_url fails before any of them. */
  private static final List<String> ANSWER_ORDER = List.of("/3", "/5", "/2", "/4", "/1");

  private MockWebServer server;
  private final Reactor reactor = new Reactor(1);
  /** Opened when the server may answer that path. */
  private final Map<String, CountDownLatch> turn = new ConcurrentHashMap<>();

  @BeforeEach
  void startServer() throws Exception {
    for (String path : ANSWER_ORDER) {
      turn.put(path, new CountDownLatch(1));
    }
    turn.get(ANSWER_ORDER.get(0)).countDown();
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            CountDownLatch mine = turn.get(request.getTarget());
            if (mine == null) {
              return new MockResponse.Builder().code(404).build();
            }
            if (!mine.await(10, TimeUnit.SECONDS)) {
              return new MockResponse.Builder().code(500).body("turn never came").build();
            }
            return new MockResponse.Builder().body("page " + request.getTarget()).build();
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    turn.values().forEach(CountDownLatch::countDown);
    reactor.close();
    server.close();
  }

  /** Captures the example's output, and gives the server the next page's turn after each report. */
  private final class Reports extends PrintStream {
    private final ByteArrayOutputStream bytes;

    Reports(ByteArrayOutputStream bytes) {
      super(bytes, true, StandardCharsets.UTF_8);
      this.bytes = bytes;
    }

    @Override
    public void println(String line) {
      super.println(line);
      for (int i = 0; i < ANSWER_ORDER.size() - 1; i++) {
        if (line.contains(":" + server.getPort() + ANSWER_ORDER.get(i) + ":")) {
          turn.get(ANSWER_ORDER.get(i + 1)).countDown();
        }
      }
    }

    List<String> lines() {
      return List.of(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    }
  }

  @Test
  void eachPageIsReportedAndSavedInTheOrderTheServerAnswers() throws Exception {
    String base = "http://127.0.0.1:" + server.getPort();
    List<String> urls =
        List.of(base + "/1", base + "/2", base + "/3", "a_bad_url", base + "/4", base + "/5");
    Reports out = new Reports(new ByteArrayOutputStream());
    FetcherConfig config =
        FetcherConfig.DEFAULTS
            .withMaxConnectionsPerHost(8)
            .withAddressPolicy(AddressPolicy.builder().allow("127.0.0.0/8").build());

    Map<String, String> saved =
        reactor
            .callOnLoop(
                () -> {
                  HttpFetcher fetcher = new HttpFetcher(reactor, config);
                  return BlockingInput.run(fetcher, out, urls)
                      .addBothPassThrough((v, f) -> fetcher.close());
                })
            .get(20, TimeUnit.SECONDS);

    List<String> order = List.of("a_bad_url", base + "/3", base + "/5", base + "/2", base + "/4", base + "/1");
    assertEquals(order, List.copyOf(saved.keySet()));
    assertEquals("failed a_bad_url: InvalidUrl", saved.get("a_bad_url"));
    assertEquals("got " + base + "/3: status 200, 7 bytes", saved.get(base + "/3"));
    List<String> printed = out.lines();
    assertEquals(6, printed.size());
    assertEquals("report_failure: failed a_bad_url: InvalidUrl", printed.get(0));
    for (int i = 1; i < 6; i++) {
      assertEquals("report_success: " + saved.get(order.get(i)), printed.get(i));
    }
  }
}
