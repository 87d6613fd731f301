package io.fetchd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DeferredList;
import io.fetchd.defer.Deferreds;
import io.fetchd.defer.Failure;
import io.fetchd.defer.Outcome;
import io.fetchd.defer.TimedOutException;
import io.fetchd.defer.UnhandledErrors;
import io.fetchd.reactor.DeferLater;
import io.fetchd.reactor.FakeClock;
import io.fetchd.reactor.LoopingCall;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every snippet of docs/twisted.md ("From Twisted to fetchd"), compiled and run on the fake clock
 * here so the page cannot drift from the API. Each test's middle lines are the page's snippet.
 */
class TwistedDocSnippetsTest {
  private final FakeClock reactor = new FakeClock();
  private final List<Object> seen = new ArrayList<>();

  private static <T> T resultOf(Deferred<T> d) {
    Object[] box = new Object[2];
    d.addBothPassThrough((v, f) -> {
      box[0] = v;
      box[1] = f;
    });
    if (box[1] != null) {
      throw new AssertionError(((Failure) box[1]).getTraceback());
    }
    @SuppressWarnings("unchecked")
    T t = (T) box[0];
    return t;
  }

  private Deferred<String> getPage(String url) {
    return DeferLater.deferLater(reactor, Duration.ofMillis(10), () -> "<html>" + url + "</html>");
  }

  private record User(String name) {}

  private Deferred<User> parse(String page) {
    return DeferLater.deferLater(reactor, Duration.ofMillis(10), () -> new User(page.substring(6, 9)));
  }

  @Test
  void deferred() {
    Deferred<String> d = new Deferred<>();
    Deferred<Integer> length = d.addCallback(page -> page.length());
    d.callback("<html>");
    assertEquals(6, resultOf(length));
  }

  @Test
  void callbackAndErrback() {
    Deferred<String> d = new Deferred<>();
    d.addErrback(failure -> "recovered from " + failure.getMessage());
    d.errback(new IOException("boom"));
    assertEquals("recovered from boom", resultOf(d));
  }

  @Test
  void addCallbacks() {
    Deferred<String> d = Deferred.fail(new IOException("boom"));
    Deferred<String> line =
        d.addCallbacks(page -> "got " + page, failure -> "failed: " + failure.getMessage());
    assertEquals("failed: boom", resultOf(line));
  }

  @Test
  void chaining() {
    Deferred<String> name =
        getPage("bob").addCallbackDeferred(page -> parse(page)).addCallback(user -> user.name());
    reactor.pump(Duration.ofMillis(10), Duration.ofMillis(10));
    assertEquals("bob", resultOf(name));

    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    a.chainDeferred(b);
    a.callback("x");
    assertEquals("x", resultOf(b));
  }

  @Test
  void trapAndCheck() {
    Deferred<String> d = Deferred.fail(new TimedOutException(Duration.ofSeconds(1)));
    d.addErrback(failure -> {
      Class<?> which = failure.check(IOException.class, TimedOutException.class);
      failure.trap(TimedOutException.class);
      return "timed out: " + which.getSimpleName();
    });
    assertEquals("timed out: TimedOutException", resultOf(d));
  }

  @Test
  void deferredList() {
    List<Deferred<String>> pages = List.of(Deferred.succeed("a"), Deferred.fail(new IOException()));
    Deferred<Long> ok =
        DeferredList.of(pages).consumeErrors().deferred()
            .addCallback(outcomes -> outcomes.stream().filter(Outcome::success).count());
    assertEquals(1L, resultOf(ok));
  }

  @Test
  void gatherResults() {
    List<Deferred<String>> pages = List.of(Deferred.succeed("a"), Deferred.succeed("b"));
    Deferred<String> joined = Deferreds.gatherResults(pages).addCallback(bodies -> String.join("+", bodies));
    assertEquals("a+b", resultOf(joined));
  }

  @Test
  void callLater() {
    Deferred<Integer> d = new Deferred<>();
    DelayedCall call = reactor.callLater(3, () -> d.callback(42));
    call.delay(Duration.ofSeconds(-1));
    reactor.advance(2);
    assertEquals(42, resultOf(d));
    assertEquals(2.0, call.getTime());
  }

  @Test
  void deferLater() {
    Deferred<String> d =
        DeferLater.deferLater(reactor, Duration.ofSeconds(1), () -> "done").addCallback(s -> s + "!");
    reactor.advance(1);
    assertEquals("done!", resultOf(d));
  }

  @Test
  void loopingCall() {
    LoopingCall lc = new LoopingCall(reactor, () -> seen.add(reactor.seconds()));
    Deferred<LoopingCall> done = lc.start(Duration.ofSeconds(1));
    reactor.advance(1);
    lc.stop();
    assertSame(lc, resultOf(done));
    assertEquals(List.of(0.0, 1.0), seen);
  }

  @Test
  void clock() {
    FakeClock clock = new FakeClock();
    clock.callLater(2, () -> seen.add("ran"));
    clock.advance(2);
    assertEquals(List.of("ran"), seen);
  }

  @Test
  void maybeDeferred() {
    String text = "12";
    Deferred<Integer> d = Deferred.maybeDeferred(() -> Integer.parseInt(text));
    Deferred<String> page = Deferred.maybeDeferredAsync(() -> getPage("x"));
    assertEquals(12, resultOf(d));
    reactor.advance(Duration.ofMillis(10));
    assertEquals("<html>x</html>", resultOf(page));
  }

  @Test
  void succeedAndFail() {
    Deferred<String> cached = Deferred.succeed("cached");
    Deferred<String> refused = Deferred.fail(new IOException("refused"));
    refused.addErrback(f -> "handled");
    assertEquals("cached", resultOf(cached));
    assertEquals("handled", resultOf(refused));
  }

  /** The inlineCallbacks function of the page, as a chain. */
  private Deferred<String> getUserName(String url) {
    return getPage(url)
        .addCallbackDeferred(page -> parse(page))
        .addCallback(user -> user.name());
  }

  @Test
  void inlineCallbacksAsAChain() {
    Deferred<String> name = getUserName("ann");
    reactor.pump(Duration.ofMillis(10), Duration.ofMillis(10));
    assertEquals("ann", resultOf(name));
  }

  @Test
  void addTimeoutWithOnTimeoutCancel() {
    Deferred<String> page = new Deferred<>();
    page.addTimeout(Duration.ofSeconds(5), reactor, (value, failure, timeout) -> "gave up after " + timeout);
    reactor.advance(5);
    assertEquals("gave up after PT5S", resultOf(page));
  }

  @Test
  void flushLoggedErrors() {
    try (UnhandledErrors.Tracker errors = UnhandledErrors.track()) {
      Deferred.fail(new IOException("expected in this test"));
      assertEquals(1, errors.flush(IOException.class).size());
      errors.assertNone();
    }
  }
}
