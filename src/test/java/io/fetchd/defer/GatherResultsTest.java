package io.fetchd.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

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
  // ------------------------------------------------------------ synchronous result checks

  /** The success result at the current end of {@code d}'s chain, which it leaves unchanged. */
  private static <T> T successResultOf(Deferred<T> d) {
    Object[] seen = observe(d, false);
    if (seen == null) {
      return fail("expected a success result, but " + d + " has none yet");
    }
    if (seen[1] != null) {
      return fail("expected a success result, but got " + seen[1]);
    }
    @SuppressWarnings("unchecked")
    T value = (T) seen[0];
    return value;
  }

  /**
   * The Failure at the current end of {@code d}'s chain, of one of {@code types} if any are given.
   * Like trial's {@code failureResultOf}, it handles the Failure (the chain goes on with null).
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, by Failure.check
  private static Failure failureResultOf(Deferred<?> d, Class<? extends Throwable>... types) {
    Object[] seen = observe(d, true);
    if (seen == null || seen[1] == null) {
      return fail("expected a Failure, but " + d + " has " + (seen == null ? "none" : seen[0]));
    }
    Failure failure = (Failure) seen[1];
    if (types.length > 0 && failure.check(types) == null) {
      return fail("unexpected " + failure + "\n" + failure.getTraceback());
    }
    return failure;
  }

  private static void assertNoResult(Deferred<?> d) {
    Object[] seen = observe(d, false);
    if (seen != null) {
      fail("expected no result, but got " + (seen[1] != null ? seen[1] : seen[0]));
    }
  }

  /** {value, failure} at the current end of the chain, or null when there is none yet. */
  private static Object[] observe(Deferred<?> d, boolean handleFailure) {
    Object[][] box = {null};
    d.addBoth(
        (Object value, Failure failure) -> {
          box[0] = new Object[] {value, failure};
          if (failure == null) {
            return value;
          }
          return handleFailure ? null : failure;
        });
    return box[0];
  }
}
