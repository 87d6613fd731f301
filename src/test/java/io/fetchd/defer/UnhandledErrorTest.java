package io.fetchd.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Unhandled error in Deferred": reported once when a Deferred whose chain ends in a Failure is
 * garbage-collected, and never for a Failure something handled. Twisted's {@code LogTests}.
 *
 * <p>Each scenario builds its Deferreds in a helper method that returns only the marker exception
 * (and weak references), so nothing on the test's stack keeps them alive. Collection is coaxed
 * with {@link System#gc()} at most {@value #MAX_GC_ATTEMPTS} times, each followed by a short
 * bounded wait on a latch the sink counts down. The sink only counts this test's own marker
 * exceptions, so stray reports from other tests cannot disturb it.
 *
 * <p>A "not reported" check cannot prove a negative by waiting alone, so it waits until the
 * scenario's Deferreds are collected and a sentinel abandoned with them has been reported, then
 * until a second sentinel abandoned only afterwards has been reported too, and then looks.
 */
class UnhandledErrorTest {
  private static final int MAX_GC_ATTEMPTS = 200;
  private static final long WAIT_PER_ATTEMPT_MILLIS = 20;

  private final Map<Throwable, AtomicInteger> reportCounts = new ConcurrentHashMap<>();
  private final Map<Throwable, CountDownLatch> reportLatches = new ConcurrentHashMap<>();

  private UnhandledErrors.Reporter previous;

  @BeforeEach
  void installSink() {
    previous = UnhandledErrors.setReporter(
        failure -> {
          Throwable value = failure.value();
          UnhandledErrors.LOGGING.unhandled(failure);
          if (value instanceof Marker) {
            reportCounts.computeIfAbsent(value, k -> new AtomicInteger()).incrementAndGet();
            latchFor(value).countDown();
          }
        });
  }

  @AfterEach
  void removeSink() {
    UnhandledErrors.setReporter(previous);
  }

  // ------------------------------------------------------------ reported

  @Test
  void failureAtTheEndOfACollectedDeferredIsReported() {
    Marker marker = abandonDeferredEndingIn("unhandled");

    assertTrue(collectUntilReported(marker), "no report within " + MAX_GC_ATTEMPTS + " GCs");
  }

  @Test
  void failureAtTheEndOfACollectedDeferredIsReportedExactlyOnce() {
    Marker marker = abandonDeferredEndingIn("once");
    assertTrue(collectUntilReported(marker));

    flushLaterReports();

    assertEquals(1, reportCount(marker));
  }

  @Test
  void failurePassedFromAnInnerToAnOuterThatLeftItUnhandledIsReportedOnce() {
    Marker marker = new Marker("outer leaves it unhandled");
    abandonOuterThatTakesAnInnerFailure(marker);
    assertTrue(collectUntilReported(marker));

    flushLaterReports();

    assertEquals(1, reportCount(marker));
  }

  @Test
  void unhandledFailureIsLoggedAsUnhandledErrorInDeferred() throws InterruptedException {
    Marker marker = new Marker("logged");
    CountDownLatch logged = new CountDownLatch(1);
    StringBuilder message = new StringBuilder();
    Logger logger = Logger.getLogger(Deferred.class.getName());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getThrown() == marker && record.getLevel().intValue() >= Level.SEVERE.intValue()) {
              synchronized (message) {
                message.append(record.getMessage());
              }
              logged.countDown();
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      abandonDeferredEndingIn(marker);
      assertTrue(collectUntil(() -> logged.getCount() == 0, logged));
    } finally {
      logger.removeHandler(handler);
    }

    synchronized (message) {
      assertTrue(message.toString().startsWith("Unhandled error in Deferred"), message.toString());
    }
  }

  // ------------------------------------------------------------ not reported

  @Test
  void failureHandledByAnErrbackIsNotReported() {
    Marker marker = new Marker("handled");
    List<WeakReference<Deferred<?>>> refs = abandonHandledByErrback(marker);

    assertNotReported(marker, refs);
  }

  @Test
  void failureHandledByAnErrbackAddedAfterFiringIsNotReported() {
    Marker marker = new Marker("handled late");
    List<WeakReference<Deferred<?>>> refs = abandonHandledByLateErrback(marker);

    assertNotReported(marker, refs);
  }

  @Test
  void alreadyFailedInnerTakenByAnOuterThatHandledItIsNotReported() {
    Marker marker = new Marker("inner taken at once");
    List<WeakReference<Deferred<?>>> refs = abandonFiredInnerHandledByOuter(marker);

    assertNotReported(marker, refs);
  }

  @Test
  void innerFailurePassedLaterToAnOuterThatHandledItIsNotReported() {
    Marker marker = new Marker("inner passed later");
    List<WeakReference<Deferred<?>>> refs = abandonLateInnerHandledByOuter(marker);

    assertNotReported(marker, refs);
  }

  @Test
  void failureGivenToAChainDeferredTargetThatHandledItIsNotReported() {
    Marker marker = new Marker("chained target handled");
    List<WeakReference<Deferred<?>>> refs = abandonChainDeferredTargetHandled(marker);

    assertNotReported(marker, refs);
  }

  @Test
  void failureChainedAwayByAnErrbackReturningADeferredIsNotReported() {
    Marker marker = new Marker("chained away");
    List<WeakReference<Deferred<?>>> refs = abandonFailureReplacedByPendingDeferred(marker);

    assertNotReported(marker, refs);
  }

  // ------------------------------------------------------------ scenarios (references end here)

  private static Marker abandonDeferredEndingIn(String text) {
    return abandonDeferredEndingIn(new Marker(text));
  }

  private static Marker abandonDeferredEndingIn(Marker marker) {
    Deferred<String> d = new Deferred<>();
    d.addCallback(
        v -> {
          throw marker;
        });
    d.callback("x");
    return marker;
  }

  private static void abandonOuterThatTakesAnInnerFailure(Marker marker) {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> outer = new Deferred<>();
    outer.addCallbackDeferred(v -> inner);
    outer.callback("start");
    inner.errback(marker);
  }

  private static List<WeakReference<Deferred<?>>> abandonHandledByErrback(Marker marker) {
    Deferred<String> d = new Deferred<>();
    d.addErrback(f -> "handled");
    d.errback(marker);
    return weak(d);
  }

  private static List<WeakReference<Deferred<?>>> abandonHandledByLateErrback(Marker marker) {
    Deferred<String> d = Deferred.fail(marker);
    d.addErrback(f -> "handled");
    return weak(d);
  }

  private static List<WeakReference<Deferred<?>>> abandonFiredInnerHandledByOuter(Marker marker) {
    Deferred<String> inner = Deferred.fail(marker);
    Deferred<String> outer = new Deferred<>();
    outer.addCallbackDeferred(v -> inner).addErrback(f -> "handled by outer");
    outer.callback("start");
    return weak(inner, outer);
  }

  private static List<WeakReference<Deferred<?>>> abandonLateInnerHandledByOuter(Marker marker) {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> outer = new Deferred<>();
    outer.addCallbackDeferred(v -> inner).addErrback(f -> "handled by outer");
    outer.callback("start");
    inner.errback(marker);
    return weak(inner, outer);
  }

  private static List<WeakReference<Deferred<?>>> abandonChainDeferredTargetHandled(
      Marker marker) {
    Deferred<String> source = new Deferred<>();
    Deferred<String> target = new Deferred<>();
    target.addErrback(f -> "handled by target");
    source.chainDeferred(target);
    source.errback(marker);
    return weak(source, target);
  }

  private static List<WeakReference<Deferred<?>>> abandonFailureReplacedByPendingDeferred(
      Marker marker) {
    Deferred<String> bad = Deferred.fail(marker);
    Deferred<String> good = new Deferred<>();
    bad.addErrbackDeferred(f -> good);
    return weak(bad, good);
  }

  private static List<WeakReference<Deferred<?>>> weak(Deferred<?>... deferreds) {
    return java.util.Arrays.stream(deferreds)
        .<WeakReference<Deferred<?>>>map(WeakReference::new)
        .toList();
  }

  // ------------------------------------------------------------ GC plumbing

  private void assertNotReported(Marker marker, List<WeakReference<Deferred<?>>> refs) {
    Marker sentinel = abandonDeferredEndingIn("sentinel for " + marker.getMessage());
    assertTrue(
        collectUntil(
            () -> refs.stream().allMatch(r -> r.get() == null) && reportCount(sentinel) == 1,
            latchFor(sentinel)),
        "the scenario's Deferreds were not collected within " + MAX_GC_ATTEMPTS + " GCs");

    flushLaterReports();

    assertEquals(0, reportCount(marker), "a handled Failure was reported as unhandled");
  }

  /**
   * Waits until a sentinel abandoned now is reported, so that reports of Deferreds collected
   * earlier have had every chance to arrive.
   */
  private void flushLaterReports() {
    Marker barrier = abandonDeferredEndingIn("barrier");
    assertTrue(collectUntilReported(barrier), "barrier not reported");
  }

  private boolean collectUntilReported(Marker marker) {
    return collectUntil(() -> reportCount(marker) > 0, latchFor(marker));
  }

  private static boolean collectUntil(BooleanSupplier done, CountDownLatch wakeUp) {
    for (int attempt = 0; attempt < MAX_GC_ATTEMPTS; attempt++) {
      if (done.getAsBoolean()) {
        return true;
      }
      System.gc();
      try {
        wakeUp.await(WAIT_PER_ATTEMPT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return done.getAsBoolean();
  }

  private CountDownLatch latchFor(Throwable marker) {
    return reportLatches.computeIfAbsent(marker, k -> new CountDownLatch(1));
  }

  private int reportCount(Throwable marker) {
    AtomicInteger count = reportCounts.get(marker);
    return count == null ? 0 : count.get();
  }

  /** This test's own exception type, so the sink ignores reports from anything else. */
  private static final class Marker extends RuntimeException {
    Marker(String message) {
      super(message);
    }
  }
}
