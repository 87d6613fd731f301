package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.testing.upstream.Behaviour;
import io.fetchd.testing.upstream.HostileHttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One fetcher, one batch: every hostile behaviour at once beside good URLs, on the same fetcher.
 * Each URL ends on its own, with its own outcome; none hangs and none disturbs another.
 */
class HostileUpstreamTest {
  private static final Duration BATCH_WAIT = Duration.ofSeconds(30);
  /**
   * Far longer than any stall of the shared loops (cold JIT, paranoid leak detection, a busy
   * machine), so a timeout here can only be the behaviour that provokes one.
   */
  private static final Duration STALL = Duration.ofSeconds(5);

  private HostileHttpServer server;
  /**
   * The gzip bomb gets an upstream (and so a server thread) of its own: producing it deflates 8 MiB
   * per chunk on that thread, which would delay every behaviour sharing it.
   */
  private HostileHttpServer bombServer;
  private FetcherHarness h;

  @BeforeEach
  void setUp() {
    server = HostileHttpServer.start();
    bombServer = HostileHttpServer.start();
    h = new FetcherHarness(c -> c.withIdleTimeout(Duration.ofMinutes(1)));
  }

  @AfterEach
  void tearDown() {
    h.close();
    bombServer.close();
    server.close();
  }

  /** One URL of the batch: where it is served, how, with which timeouts, and how it must end. */
  private record Case(
      HostileHttpServer upstream, Behaviour behaviour, Timeouts timeouts, Class<? extends Throwable> expected) {}

  @Test
  void batchMixingEveryHostileBehaviourWithGoodUrlsGivesEachUrlItsOwnOutcome() throws Exception {
    Timeouts patient = Timeouts.DEFAULTS.withFirstByte(STALL).withIdleRead(STALL).withDeadline(Duration.ofSeconds(20));
    Map<String, Case> cases = new LinkedHashMap<>();
    cases.put("/endless-chunked", new Case(server, Behaviour.endlessBody(true), patient, BodyTooLargeException.class));
    cases.put("/endless-close", new Case(server, Behaviour.endlessBody(false), patient, BodyTooLargeException.class));
    cases.put("/gzip-bomb", new Case(bombServer, Behaviour.gzipBomb(1L << 30), patient, BodyTooLargeException.class));
    cases.put("/truncated-gzip", new Case(server, Behaviour.truncatedGzip(), patient, ProtocolErrorException.class));
    cases.put("/silent", new Case(server, Behaviour.silent(), patient, FirstByteTimeoutException.class));
    cases.put("/silent-after-headers",
        new Case(server, Behaviour.silentAfterHeaders(), patient, IdleReadTimeoutException.class));
    cases.put("/slow",
        new Case(server, Behaviour.slowFirstByte(Duration.ofSeconds(25)),
            Timeouts.DEFAULTS.withDeadline(STALL), DeadlineExceededException.class));
    cases.put("/reset-mid-body", new Case(server, Behaviour.resetMidBody(), patient, ConnectionResetException.class));
    cases.put("/reset-before", new Case(server, Behaviour.resetBeforeResponse(), patient, ConnectionResetException.class));
    cases.put("/close-early",
        new Case(server, Behaviour.closeBeforeContentLength(), patient, ProtocolErrorException.class));
    cases.put("/interim-flood",
        new Case(server, Behaviour.informationalFlood(50), patient, ProtocolErrorException.class));
    cases.put("/status-99999",
        new Case(server, Behaviour.raw("HTTP/1.1 99999 Nope\r\nContent-Length: 0\r\n\r\n", false), patient,
            ProtocolErrorException.class));
    cases.put("/http2",
        new Case(server, Behaviour.raw("HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", false), patient,
            ProtocolErrorException.class));
    cases.put("/garbage",
        new Case(server, Behaviour.raw("garbage\r\n\r\n", false), patient, ProtocolErrorException.class));
    cases.put("/extra-bytes",
        new Case(server, Behaviour.raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA", false), patient,
            ProtocolErrorException.class));
    for (int i = 0; i < 5; i++) {
      cases.put("/good-" + i, new Case(server, Behaviour.ok("good " + i), patient, null));
    }
    assertEquals(20, cases.size());
    cases.forEach((path, c) -> c.upstream().route(path, c.behaviour()));

    Map<String, CompletableFuture<FetcherHarness.Outcome>> outcomes = new LinkedHashMap<>();
    cases.forEach(
        (path, c) ->
            outcomes.put(
                path,
                h.start(
                    new FetchRequest(
                        c.upstream().url(path),
                        RequestOptions.DEFAULTS.withBody(BodyMode.TEXT).withTimeouts(c.timeouts())))));
    CompletableFuture.allOf(outcomes.values().toArray(CompletableFuture[]::new))
        .get(BATCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);

    List<String> wrong = new ArrayList<>();
    cases.forEach(
        (path, c) -> {
          FetcherHarness.Outcome o = outcomes.get(path).join();
          if (c.expected() == null) {
            if (o.error() != null || !o.result().bodyText().equals("good " + path.substring(6))) {
              wrong.add(path + ": expected its own body, got " + describe(o));
            }
          } else if (!c.expected().isInstance(o.error())) {
            wrong.add(path + ": expected " + c.expected().getSimpleName() + ", got " + describe(o));
          }
        });
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));

    // Every failed exchange gave its connection up; only the good ones' connections stay pooled.
    int[] openAndIdle = h.onLoop(() -> new int[] {h.fetcher.openConnections(), h.fetcher.idleConnections()});
    assertEquals(openAndIdle[1], openAndIdle[0], "no connection is left in use");
    assertTrue(openAndIdle[1] <= 5, openAndIdle[1] + " idle connections");
  }

  private static String describe(FetcherHarness.Outcome o) {
    return o.error() != null ? o.error().toString() : "status " + o.result().status() + " body " + o.result().bodyText();
  }
}
