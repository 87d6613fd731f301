package io.fetchd.reactor;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the reactor reports as fatal: a VirtualMachineError in a task or delayed call, and loops
 * that end without stop(). A recording handler stands in for the app's halt; each test bridges to
 * the loop once with a bounded wait.
 */
class FatalErrorsTest {
  private record Report(String where, Throwable error) {}

  private final CompletableFuture<Report> reported = new CompletableFuture<>();
  private FatalErrorHandler previous;
  private Reactor reactor;

  @BeforeEach
  void install() {
    previous = FatalErrors.install((where, error) -> reported.complete(new Report(where, error)));
    reactor = new Reactor();
  }

  @AfterEach
  void restore() {
    if (!reactor.isTerminated()) {
      reactor.close();
    }
    FatalErrors.install(previous);
  }

  @Test
  void aStackOverflowInATaskIsReportedAsFatal() throws Exception {
    reactor.callFromThread(() -> {
      throw new StackOverflowError("deep");
    });
    Report r = reported.get(5, SECONDS);
    assertInstanceOf(StackOverflowError.class, r.error());
    assertEquals("callFromThread task", r.where());
  }

  @Test
  void anOutOfMemoryErrorInADelayedCallIsReportedAsFatal() throws Exception {
    reactor.callFromThread(() -> reactor.callLater(java.time.Duration.ZERO, () -> {
      throw new OutOfMemoryError("Java heap space (simulated)");
    }));
    Report r = reported.get(5, SECONDS);
    assertInstanceOf(OutOfMemoryError.class, r.error());
    assertEquals("delayed call", r.where());
  }

  @Test
  void anOrdinaryExceptionInATaskIsLoggedAndNotFatal() throws Exception {
    reactor.callFromThread(() -> {
      throw new IllegalStateException("a bug, not the end");
    });
    CompletableFuture<Boolean> after = reactor.callOnLoopValue(() -> true);
    assertTrue(after.get(5, SECONDS), "the loop goes on");
    assertFalse(reported.isDone());
  }

  @Test
  void loopsTerminatedWithoutStopAreReportedAsFatal() throws Exception {
    reactor.group().shutdownGracefully(0, 1, SECONDS); // someone ends the loop behind the reactor's back
    Report r = reported.get(5, SECONDS);
    assertTrue(r.where().contains("without stop()") || r.where().contains("ended"), r.where());
  }

  @Test
  void anOrderlyStopIsNotFatal() throws Exception {
    reactor.close();
    assertTrue(reactor.isTerminated());
    assertFalse(reported.isDone());
  }

  @Test
  void checkReportsOnlyVirtualMachineErrors() {
    assertFalse(FatalErrors.check("handler", new RuntimeException("x")));
    assertFalse(reported.isDone());
    assertTrue(FatalErrors.check("handler", new OutOfMemoryError("x")));
    assertEquals("handler", reported.join().where());
  }
}
