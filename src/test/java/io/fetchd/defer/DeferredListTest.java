package io.fetchd.defer;

import static io.fetchd.defer.DeferredAssertions.assertNoResult;
import static io.fetchd.defer.DeferredAssertions.failureResultOf;
import static io.fetchd.defer.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DeferredList: Twisted's DeferredList tests, fired by hand and checked at once. */
class DeferredListTest {

  @Test
  void firesWithOutcomesInInputOrderNotFiringOrder() {
    Deferred<String> first = new Deferred<>();
    Deferred<String> second = new Deferred<>();
    Deferred<String> third = new Deferred<>();
    DeferredList<String> list = new DeferredList<>(List.of(first, second, third));

    third.callback("c");
    first.callback("a");
    assertNoResult(list.deferred());
    IOException boom = new IOException("boom");
    second.errback(boom);

    List<Outcome<String>> outcomes = successResultOf(list.deferred());
    assertEquals(Outcome.succeeded(0, "a"), outcomes.get(0));
    assertFalse(outcomes.get(1).success());
    assertSame(boom, outcomes.get(1).failure().value());
    assertEquals(1, outcomes.get(1).index());
    assertEquals(Outcome.succeeded(2, "c"), outcomes.get(2));
  }

  @Test
  void emptyListFiresAtOnceWithAnEmptyList() {
    DeferredList<String> list = new DeferredList<>(List.of());

    assertEquals(List.of(), successResultOf(list.deferred()));
  }

  @Test
  void emptyListFiresAtOnceEvenWithFireOnOneCallback() {
    DeferredList<String> list = new DeferredList<>(List.of(), true, false, false);

    assertEquals(List.of(), successResultOf(list.deferred()));
  }

  @Test
  void entriesThatAlreadyFiredAreCollectedWhenTheListIsBuilt() {
    Deferred<Integer> done = Deferred.succeed(1);
    Deferred<Integer> failed = Deferred.fail(new IOException("early"));
    DeferredList<Integer> list = new DeferredList<>(List.of(done, failed), false, false, true);

    List<Outcome<Integer>> outcomes = successResultOf(list.deferred());
    assertEquals(2, list.finishedCount());
    assertTrue(outcomes.get(0).success());
    assertFalse(outcomes.get(1).success());
  }

  @Test
  void laterChangesToTheInputListAreNotSeen() {
    Deferred<String> one = new Deferred<>();
    List<Deferred<String>> input = new ArrayList<>(List.of(one));
    DeferredList<String> list = new DeferredList<>(input);
    Deferred<String> added = new Deferred<>();
    input.add(added);

    one.callback("only");

    assertEquals(List.of(Outcome.succeeded(0, "only")), successResultOf(list.deferred()));
    assertNoResult(added);
  }

  @Test
  void fireOnOneCallbackFiresWithTheFirstSuccessAndItsIndex() {
    Deferred<String> slow = new Deferred<>();
    Deferred<String> fast = new Deferred<>();
    DeferredList<String> list = new DeferredList<>(List.of(slow, fast), true, false, false);

    fast.callback("won");

    assertEquals(List.of(Outcome.succeeded(1, "won")), successResultOf(list.deferred()));
    assertNoResult(slow);
  }

  @Test
  void fireOnOneCallbackWithNoSuccessFiresWithEveryOutcomeOnceAllFailed() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    DeferredList<String> list = new DeferredList<>(List.of(a, b), true, false, true);

    a.errback(new IOException("a"));
    assertNoResult(list.deferred());
    b.errback(new IOException("b"));

    List<Outcome<String>> outcomes = successResultOf(list.deferred());
    assertEquals(2, outcomes.size());
    assertFalse(outcomes.get(0).success() || outcomes.get(1).success());
  }

  @Test
  void fireOnOneErrbackFailsWithFirstErrorCarryingIndexAndFailure() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    DeferredList<String> list = new DeferredList<>(List.of(a, b), false, true, true);

    a.callback("fine");
    IOException boom = new IOException("boom");
    b.errback(boom);

    FirstErrorException first =
        failureResultOf(list.deferred()).valueAs(FirstErrorException.class);
    assertEquals(1, first.index());
    assertSame(boom, first.failure().value());
    assertSame(boom, first.getCause());
  }

  @Test
  void fireOnOneErrbackWithAnAlreadyFailedEntryFailsWhenBuilt() {
    Deferred<String> pending = new Deferred<>();
    Deferred<String> failed = Deferred.fail(new IOException("early"));
    DeferredList<String> list = new DeferredList<>(List.of(pending, failed), false, true, true);

    Failure failure = failureResultOf(list.deferred());
    assertEquals(1, failure.valueAs(FirstErrorException.class).index());
  }

  @Test
  void withoutConsumeErrorsAFailedEntryKeepsItsFailure() {
    Deferred<String> entry = new Deferred<>();
    new DeferredList<>(List.of(entry));
    IOException boom = new IOException("boom");

    entry.errback(boom);

    assertSame(boom, failureResultOf(entry).value());
  }

  @Test
  void consumeErrorsTurnsAFailedEntryIntoNullSoNothingIsLeftUnhandled() {
    Deferred<String> entry = new Deferred<>();
    DeferredList<String> list = new DeferredList<>(List.of(entry), false, false, true);

    entry.errback(new IOException("boom"));

    assertNull(successResultOf(entry));
    assertFalse(successResultOf(list.deferred()).get(0).success());
  }

  @Test
  void consumeErrorsStillLetsFireOnOneErrbackFail() {
    Deferred<String> entry = new Deferred<>();
    DeferredList<String> list = new DeferredList<>(List.of(entry), false, true, true);

    entry.errback(new IOException("boom"));

    failureResultOf(list.deferred(), FirstErrorException.class);
    assertNull(successResultOf(entry));
  }

  @Test
  void cancelCancelsEveryEntryThatHasNotFired() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    DeferredList<String> list = new DeferredList<>(List.of(a, b));

    list.cancel();

    failureResultOf(a, CancelledException.class);
    failureResultOf(b, CancelledException.class);
    List<Outcome<String>> outcomes = successResultOf(list.deferred());
    assertTrue(outcomes.get(0).failure().check(CancelledException.class) != null);
  }

  @Test
  void cancelLeavesEntriesThatAlreadyFiredAlone() {
    boolean[] cancellerRan = {false};
    Deferred<String> fired = new Deferred<>(d -> cancellerRan[0] = true);
    Deferred<String> pending = new Deferred<>();
    DeferredList<String> list = new DeferredList<>(List.of(fired, pending));
    fired.callback("kept");

    list.deferred().cancel();

    assertFalse(cancellerRan[0]);
    assertEquals("kept", successResultOf(fired));
    assertEquals(Outcome.succeeded(0, "kept"), successResultOf(list.deferred()).get(0));
  }

  @Test
  void cancelledEntryWhoseCancellerCallsBackDeliversThatValue() {
    Deferred<String> callsBack = new Deferred<>(d -> d.callback("from canceller"));
    Deferred<String> plain = new Deferred<>();
    DeferredList<String> list = new DeferredList<>(List.of(callsBack, plain), true, false, false);

    list.cancel();

    assertEquals(List.of(Outcome.succeeded(0, "from canceller")), successResultOf(list.deferred()));
    failureResultOf(plain, CancelledException.class);
  }

  @Test
  void cancelWithFireOnOneErrbackFailsWithFirstErrorWrappingTheCancellation() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    DeferredList<String> list = new DeferredList<>(List.of(a, b), false, true, false);

    list.cancel();

    FirstErrorException first =
        failureResultOf(list.deferred(), FirstErrorException.class)
            .valueAs(FirstErrorException.class);
    assertEquals(0, first.index());
    assertTrue(first.failure().check(CancelledException.class) != null);
    failureResultOf(b, CancelledException.class);
  }

  @Test
  void cancelAfterTheListFiredDoesNotTouchTheRemainingEntries() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    DeferredList<String> list = new DeferredList<>(List.of(a, b), true, false, false);
    a.callback("first");

    list.cancel();

    assertNoResult(b);
    assertEquals(List.of(Outcome.succeeded(0, "first")), successResultOf(list.deferred()));
  }

  @Test
  void listStillUnfiredAfterCancellingItsEntriesFailsWithCancelled() {
    Deferred<String> paused = new Deferred<>();
    paused.pause();
    DeferredList<String> list = new DeferredList<>(List.of(paused), false, false, true);

    list.cancel();

    failureResultOf(list.deferred(), CancelledException.class);
    paused.unpause(); // the entry's late outcome is recorded but cannot fire the list again
    assertEquals(1, list.finishedCount());
  }

  @Test
  void failedOutcomeMustCarryAFailureAndNoValue() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Outcome<>(false, "value", new Failure(new IOException()), 0));
    assertThrows(NullPointerException.class, () -> new Outcome<>(false, null, null, 0));
  }
}
