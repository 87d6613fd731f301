package io.fetchd.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.ConnectRefusedException;
import io.fetchd.client.DeadlineExceededException;
import io.fetchd.client.FetchCancelledException;
import io.fetchd.client.FetchException;
import io.fetchd.client.FetchListener;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.FirstByteTimeoutException;
import io.fetchd.client.IdleReadTimeoutException;
import io.fetchd.client.Phase;
import io.fetchd.client.QueueFullException;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.RetryPolicy;
import io.fetchd.client.Timeouts;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Failure;
import io.fetchd.task.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timeout, retry, backoff and redirect matrix of the stage chain, run synchronously on a fake
 * clock against recording fake connections (embedded channels carrying the real HTTP/1.1
 * pipeline): every timer is exact, and no test waits for real time.
 */
class StageMatrixTest {
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  private static final Duration MS = Duration.ofMillis(1);

  private final FakeClock clock = new FakeClock();
  private final Recorder events = new Recorder();
  private final FakeConnections net = new FakeConnections(clock, events);
  private FetcherCore core = new FetcherCore(clock, FetcherConfig.DEFAULTS, events, net);

  @AfterEach
  void tearDown() {
    core.close();
  }

  /** Records phase events in order, and the outcome methods. */
  static final class Recorder implements FetchListener {
    final List<String> phases = new ArrayList<>();
    final List<String> retries = new ArrayList<>();
    final List<Integer> redirects = new ArrayList<>();
    final List<Duration> ended = new ArrayList<>();

    @Override
    public void phaseStarted(FetchRequest request, Phase phase) {
      phases.add("start " + phase.metricName());
    }

    @Override
    public void phaseEnded(FetchRequest request, Phase phase, Duration duration) {
      phases.add("end " + phase.metricName());
      ended.add(duration);
    }

    @Override
    public void phaseFailed(FetchRequest request, Phase phase, Duration duration) {
      phases.add("failed " + phase.metricName());
    }

    @Override
    public void retrying(String reason, Duration delay) {
      retries.add(reason + " after " + delay.toMillis() + " ms");
    }

    @Override
    public void redirected(int status) {
      redirects.add(status);
    }
  }

  private Deferred<FetchResult> fetch(String url, RequestOptions options) {
    Deferred<FetchResult> d = core.fetch(new FetchRequest(url, options));
    clock.advance(Duration.ZERO); // the fetches asked for in this turn begin at its end
    return d;
  }

  private static RequestOptions timeouts(Timeouts t) {
    return RequestOptions.DEFAULTS.withTimeouts(t);
  }

  /**
   * The outcome right now: a FetchResult, a Throwable, or null when there is none yet. It consumes
   * the outcome (the chain goes on with null), so call it once per Deferred.
   */
  private static Object outcome(Deferred<FetchResult> d) {
    Object[] seen = new Object[1];
    d.addBoth((FetchResult r, Failure f) -> {
      seen[0] = f == null ? r : f.value();
      return null;
    });
    return seen[0];
  }

  private static <E extends FetchException> E failure(Deferred<FetchResult> d, Class<E> type) {
    return assertInstanceOf(type, outcome(d));
  }

  @Test
  void aSilentUpstreamFailsWithFirstByteTimeoutExactlyAtTheTimeoutAndItsConnectionCloses() {
    Deferred<FetchResult> d = fetch("http://a.test/", timeouts(Timeouts.DEFAULTS.withFirstByte(Duration.ofMillis(300))));
    assertTrue(net.last().request().startsWith("GET / HTTP/1.1\r\n"));

    clock.advance(Duration.ofMillis(299));
    assertFalse(d.isCalled());
    clock.advance(MS);

    FirstByteTimeoutException e = failure(d, FirstByteTimeoutException.class);
    assertEquals(Duration.ofMillis(300), e.details().timings().total());
    assertEquals(1, e.details().attempts());
    assertFalse(net.last().channel().isOpen());
    assertEquals(0, core.openConnections());
  }

  @Test
  void theIdleReadTimeoutCountsFromTheLastByteNotFromTheFirstByteDeadline() {
    Deferred<FetchResult> d = fetch("http://a.test/",
        timeouts(Timeouts.DEFAULTS.withFirstByte(Duration.ofSeconds(15)).withIdleRead(Duration.ofMillis(300))));
    clock.advance(Duration.ofMillis(10));
    net.last().respond("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");

    clock.advance(Duration.ofMillis(299));
    assertFalse(d.isCalled(), "300 ms of silence are not over");
    clock.advance(MS);

    IdleReadTimeoutException e = failure(d, IdleReadTimeoutException.class);
    assertEquals(Duration.ofMillis(310), e.details().timings().total());
    assertFalse(net.last().channel().isOpen());
  }

  @Test
  void bytesKeepTheIdleReadTimerFromFiring() {
    Deferred<FetchResult> d = fetch("http://a.test/", timeouts(Timeouts.DEFAULTS.withIdleRead(Duration.ofMillis(300))));
    net.last().respond("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\na");
    for (String part : List.of("b", "c")) {
      clock.advance(Duration.ofMillis(200));
      net.last().respond(part);
    }
    clock.advance(Duration.ofMillis(200));
    net.last().respond("d");

    assertEquals(200, ((FetchResult) outcome(d)).status());
  }

  @Test
  void theDeadlineCutsTheAttemptShortAndClosesItsConnection() {
    Deferred<FetchResult> d = fetch("http://a.test/", timeouts(Timeouts.DEFAULTS.withDeadline(Duration.ofMillis(500))));

    clock.advance(Duration.ofMillis(500));

    DeadlineExceededException e = failure(d, DeadlineExceededException.class);
    assertEquals(1, e.details().attempts(), "the attempt the deadline cut short counts");
    assertFalse(net.last().channel().isOpen());
    assertEquals(0, core.openConnections());
    assertEquals(core.globalSlots.limit(), core.globalSlots.tokens(), "the global slot is given back");
  }

  @Test
  void aRequestWaitingForASlotLongerThanTheQueueTimeoutFailsWithQueueFull() {
    core.close();
    core = new FetcherCore(clock, FetcherConfig.DEFAULTS.withMaxConnectionsPerHost(1), events, net);
    RequestOptions options = timeouts(Timeouts.DEFAULTS.withQueue(Duration.ofMillis(100)));
    Deferred<FetchResult> first = fetch("http://a.test/1", options);
    Deferred<FetchResult> second = fetch("http://a.test/2", options);
    assertEquals(1, net.connects.size(), "the second waits for the origin's one slot");

    clock.advance(Duration.ofMillis(99));
    assertFalse(second.isCalled());
    clock.advance(MS);

    QueueFullException e = failure(second, QueueFullException.class);
    assertTrue(e.getMessage().contains("100 ms"), e.getMessage());
    net.last().respond(OK);
    assertEquals(200, ((FetchResult) outcome(first)).status());
  }

  @Test
  void aWaitingRequestGetsTheSlotWhenTheFirstIsDoneAndReusesItsConnection() {
    core.close();
    core = new FetcherCore(clock, FetcherConfig.DEFAULTS.withMaxConnectionsPerHost(1), events, net);
    Deferred<FetchResult> first = fetch("http://a.test/1", RequestOptions.DEFAULTS);
    Deferred<FetchResult> second = fetch("http://a.test/2", RequestOptions.DEFAULTS);
    clock.advance(Duration.ofMillis(40));

    net.last().request();
    net.last().respond(OK);

    assertEquals(200, ((FetchResult) outcome(first)).status());
    assertEquals(1, net.opened.size());
    assertTrue(net.last().request().startsWith("GET /2 "), "the second went out on the same connection");
    net.last().respond(OK);
    FetchResult r = (FetchResult) outcome(second);
    assertTrue(r.connectionReused());
    assertEquals(Duration.ofMillis(40), r.timings().queue());
  }

  @Test
  void aRetriedStatusWaitsItsRetryAfterOnTheClockThenSucceeds() {
    Deferred<FetchResult> d = fetch("http://a.test/",
        RequestOptions.DEFAULTS.withRetry(RetryPolicy.NONE.withMaxRetries(2)));
    net.last().respond("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n");
    net.last().request();
    assertEquals(List.of("status 503 after 1000 ms"), events.retries);

    clock.advance(Duration.ofMillis(999));
    assertEquals("", net.last().request(), "no second request before the Retry-After");
    clock.advance(MS);
    assertTrue(net.last().request().startsWith("GET / "), "the retry went out at 1 s");
    net.last().respond(OK);

    FetchResult r = (FetchResult) outcome(d);
    assertEquals(200, r.status());
    assertEquals(2, r.attempts());
    assertTrue(r.connectionReused(), "the 503's connection was clean, so it is reused");
  }

  @Test
  void refusedConnectsAreRetriedWithBackoffUntilOneSucceeds() {
    net.failNext(new ConnectRefusedException("refused")).failNext(new ConnectRefusedException("refused"));
    RetryPolicy policy = RetryPolicy.NONE.withMaxRetries(3).withBaseDelay(Duration.ofMillis(100));
    Deferred<FetchResult> d = fetch("http://a.test/", RequestOptions.DEFAULTS.withRetry(policy));
    assertEquals(1, net.connects.size());

    clock.advance(Duration.ofMillis(100)); // the first backoff is at most the base delay
    assertEquals(2, net.connects.size());
    clock.advance(Duration.ofMillis(200)); // the second at most twice it
    assertEquals(3, net.connects.size());
    net.last().respond(OK);

    FetchResult r = (FetchResult) outcome(d);
    assertEquals(3, r.attempts());
    assertEquals(2, events.retries.stream().filter(s -> s.startsWith("ConnectRefused")).count());
  }

  @Test
  void aRefusalIsNotRetriedForAMethodThatIsNotIdempotent() {
    net.failNext(new ConnectRefusedException("refused"));
    Deferred<FetchResult> d = fetch("http://a.test/", RequestOptions.DEFAULTS
        .withMethod(io.fetchd.client.FetchMethod.POST)
        .withRetry(RetryPolicy.NONE.withMaxRetries(3)));

    failure(d, ConnectRefusedException.class);
    assertEquals(1, net.connects.size());
    assertEquals(List.of(), events.retries);
  }

  @Test
  void aPooledConnectionTheServerClosedIsRetriedAtOnceOnAFreshOne() {
    Deferred<FetchResult> first = fetch("http://a.test/1", RequestOptions.DEFAULTS);
    net.last().respond(OK);
    assertEquals(200, ((FetchResult) outcome(first)).status());

    Deferred<FetchResult> second = fetch("http://a.test/2", RequestOptions.DEFAULTS);
    net.last().close(); // the server had closed it: reset before any response byte
    assertEquals(List.of("stale_connection after 0 ms"), events.retries);
    assertEquals(2, net.opened.size(), "a fresh connection, with no backoff");
    net.last().respond(OK);

    FetchResult r = (FetchResult) outcome(second);
    assertFalse(r.connectionReused());
    assertEquals(2, r.attempts());
  }

  @Test
  void aRedirectToAnotherOriginIsFollowedOnANewConnection() {
    Deferred<FetchResult> d = fetch("http://a.test/old", RequestOptions.DEFAULTS);
    net.last().respond("HTTP/1.1 302 Found\r\nLocation: http://b.test/new\r\nContent-Length: 0\r\n\r\n");

    assertEquals(List.of(302), events.redirects);
    assertEquals("http://b.test/new", net.last().url());
    assertTrue(net.last().request().contains("Host: b.test\r\n"));
    net.last().respond(OK);

    FetchResult r = (FetchResult) outcome(d);
    assertEquals("http://b.test/new", r.finalUrl());
    assertEquals(2, r.hops().size());
    assertEquals(302, r.hops().get(0).status());
  }

  @Test
  void phasesComeInPairsAndTheTimingsAreTheirDurations() {
    Deferred<FetchResult> d = fetch("http://a.test/", RequestOptions.DEFAULTS);
    clock.advance(Duration.ofMillis(7));
    net.last().respond(OK);

    FetchResult r = (FetchResult) outcome(d);
    assertEquals(
        List.of("start queue", "end queue", "start connect", "end connect",
            "start ttfb", "end ttfb", "start transfer", "end transfer"),
        events.phases);
    assertEquals(Duration.ofMillis(7), r.timings().ttfb());
    assertEquals(r.timings().ttfb(), events.ended.get(2));
    assertEquals(Duration.ZERO, r.timings().queue());
  }

  @Test
  void aPhaseCutShortEndsAsFailedSoEveryStartHasItsEnd() {
    net.hangNext();
    Deferred<FetchResult> d = fetch("http://a.test/", timeouts(Timeouts.DEFAULTS.withDeadline(Duration.ofSeconds(1))));

    clock.advance(Duration.ofSeconds(1));

    DeadlineExceededException e = failure(d, DeadlineExceededException.class);
    assertEquals(List.of("start queue", "end queue", "start connect", "failed connect"), events.phases);
    assertNull(e.details().timings().connect(), "a connect that did not complete has no duration");
  }

  @Test
  void cancellingDuringTheBackoffStopsTheTimerAndGivesEverythingBack() {
    net.failNext(new ConnectRefusedException("refused"));
    Deferred<FetchResult> d = fetch("http://a.test/",
        RequestOptions.DEFAULTS.withRetry(RetryPolicy.NONE.withMaxRetries(3).withBaseDelay(Duration.ofSeconds(1))));

    d.cancel();

    failure(d, FetchCancelledException.class);
    clock.advance(Duration.ofSeconds(10));
    assertEquals(1, net.connects.size(), "no retry after the cancel");
    assertEquals(core.globalSlots.limit(), core.globalSlots.tokens());
    assertEquals(0, core.inFlight());
  }
}
