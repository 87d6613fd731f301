package io.fetchd.defer;

import static io.fetchd.defer.DeferredAssertions.assertNoResult;
import static io.fetchd.defer.DeferredAssertions.failureResultOf;
import static io.fetchd.defer.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deferreds.gatherResults: Twisted's gatherResults tests, fired by hand. */
class GatherResultsTest {

  @Test
  void firesWithTheValuesInInputOrder() {
    Deferred<Integer> a = new Deferred<>();
    Deferred<Integer> b = new Deferred<>();
    Deferred<List<Integer>> all = Deferreds.gatherResults(List.of(a, b), false);

    b.callback(2);
    assertNoResult(all);
    a.callback(1);

    assertEquals(List.of(1, 2), successResultOf(all));
  }

  @Test
  void emptyListGivesAnEmptyListAtOnce() {
    assertEquals(List.of(), successResultOf(Deferreds.<String>gatherResults(List.of(), false)));
  }

  @Test
  void nullValuesAreKeptInPlace() {
    Deferred<String> a = Deferred.succeed(null);
    Deferred<String> b = Deferred.succeed("b");

    assertEquals(Arrays.asList(null, "b"), successResultOf(Deferreds.gatherResults(List.of(a, b), false)));
  }

  @Test
  void resultListIsUnmodifiable() {
    List<String> values = successResultOf(Deferreds.gatherResults(List.of(Deferred.succeed("x")), false));

    assertThrows(UnsupportedOperationException.class, () -> values.add("y"));
  }

  @Test
  void firstFailureFailsAtOnceWithFirstErrorCarryingItsIndex() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    Deferred<List<String>> all = Deferreds.gatherResults(List.of(a, b), true);
    IOException boom = new IOException("boom");

    b.errback(boom);

    FirstErrorException first =
        failureResultOf(all, FirstErrorException.class).valueAs(FirstErrorException.class);
    assertEquals(1, first.index());
    assertSame(boom, first.failure().value());
  }

  @Test
  void resultsArrivingAfterTheFirstFailureAreIgnored() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    Deferred<List<String>> all = Deferreds.gatherResults(List.of(a, b), true);
    List<Object> reached = new ArrayList<>();
    all.addBoth(
        (List<String> values, Failure failure) -> {
          reached.add(failure != null ? failure.type() : values);
          return null;
        });

    a.errback(new IOException("first"));
    b.errback(new IOException("second"));

    assertEquals(List.of(FirstErrorException.class), reached);
  }

  @Test
  void consumeErrorsHandsTheEntryFailureOverSoItsChainGoesOnWithNull() {
    Deferred<String> entry = new Deferred<>();
    Deferreds.gatherResults(List.of(entry), true);

    entry.errback(new IOException("boom"));

    assertNull(successResultOf(entry));
  }

  @Test
  void withoutConsumeErrorsTheEntryKeepsItsFailure() {
    Deferred<String> entry = new Deferred<>();
    Deferred<List<String>> all = Deferreds.gatherResults(List.of(entry), false);
    IOException boom = new IOException("boom");

    entry.errback(boom);

    assertSame(boom, failureResultOf(entry).value());
    failureResultOf(all, FirstErrorException.class);
  }

  @Test
  void cancelCancelsTheEntriesAndFailsWithFirstErrorWrappingTheCancellation() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    Deferred<List<String>> all = Deferreds.gatherResults(List.of(a, b), true);

    all.cancel();

    FirstErrorException first =
        failureResultOf(all, FirstErrorException.class).valueAs(FirstErrorException.class);
    assertEquals(0, first.index());
    assertEquals(CancelledException.class, first.failure().type());
    assertNull(successResultOf(b)); // cancelled too, its Failure consumed
  }

  @Test
  void cancelWhenEveryEntryCallsBackInItsCancellerGivesTheValues() {
    Deferred<String> a = new Deferred<>(d -> d.callback("a"));
    Deferred<String> b = new Deferred<>(d -> d.callback("b"));
    Deferred<List<String>> all = Deferreds.gatherResults(List.of(a, b), false);

    all.cancel();

    assertEquals(List.of("a", "b"), successResultOf(all));
  }
}
