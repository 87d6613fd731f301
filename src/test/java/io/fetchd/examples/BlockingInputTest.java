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
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The getPage batch against a 127.0.0.1 server this test starts, whose pages answer after
 * different delays; the fetcher's address policy allows loopback for this test only. One bounded
 * wait at the edge.
 */
class BlockingInputTest {
  /** How long the server waits before answering each path, in milliseconds. */
  private static final Map<String, Integer> DELAY_MS =
      Map.of("/1", 400, "/2", 200, "/3", 0, "/4", 300, "/5", 100);

  private MockWebServer server;
  private final Reactor reactor = new Reactor(1);

  @BeforeEach
  void startServer() throws Exception {
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
  }

  @AfterEach
  void stop() {
    reactor.close();
    server.close();
  }

  @Test
  void eachPageIsReportedAndSavedInTheOrderTheServerAnswers() throws Exception {
    String base = "http://127.0.0.1:" + server.getPort();
    List<String> urls =
        List.of(base + "/1", base + "/2", base + "/3", "a_bad_url", base + "/4", base + "/5");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    FetcherConfig config =
        FetcherConfig.DEFAULTS.withAddressPolicy(AddressPolicy.builder().allow("127.0.0.0/8").build());

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
    List<String> printed = List.of(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    assertEquals(6, printed.size());
    assertEquals("report_failure: failed a_bad_url: InvalidUrl", printed.get(0));
    for (int i = 1; i < 6; i++) {
      assertEquals("report_success: " + saved.get(order.get(i)), printed.get(i));
    }
  }
}
