package io.fetchd.defer;

import static io.fetchd.defer.DeferredAssertions.assertNoResult;
import static io.fetchd.defer.DeferredAssertions.failureResultOf;
import static io.fetchd.defer.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Deferred returned from a callback (implicit chaining) and {@link Deferred#chainDeferred}
 * (explicit chaining), including the long chains the iterative runner exists for.
 */
class DeferredChainingTest {
  private static final int LONG = 100_000;

  // ------------------------------------------------------------ a callback returns a Deferred

  @Test
  void callbackReturningAnUnfiredDeferredPausesTheOuterChain() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> outer = new Deferred<>();
    List<String> after = new ArrayList<>();
    outer.addCallbackDeferred(v -> inner).addCallback(after::add);

    outer.callback("start");

    assertEquals(List.of(), after);
    assertTrue(outer.isPaused());
  }

  @Test
  void innerSuccessBecomesTheOuterResultWhenTheInnerFires() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> outer = new Deferred<>();
    Deferred<String> end = outer.addCallbackDeferred(v -> inner);
    outer.callback("start");

    inner.callback("from inner");

    assertEquals("from inner", successResultOf(end));
  }

  @Test
  void innerFailureBecomesTheOuterFailureWhenTheInnerFails() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> outer = new Deferred<>();
    Deferred<String> end = outer.addCallbackDeferred(v -> inner);
    outer.callback("start");
    IOException error = new IOException("inner failed");

    inner.errback(error);

    assertSame(error, failureResultOf(end, IOException.class).value());
  }

  @Test
  void innerHandsOverItsResultAndContinuesWithNull() {
    Deferred<Object> inner = new Deferred<>();
    Deferred<Object> outer = new Deferred<>();
    outer.addCallbackDeferred(v -> inner);
    outer.callback(null);
    List<Object> innerSaw = new ArrayList<>();
    inner.addCallback(innerSaw::add);

    inner.callback("payload");

    assertEquals(Arrays.asList((Object) null), innerSaw);
    assertEquals("payload", successResultOf(outer));
  }

  @Test
  void alreadyFiredInnerResultIsTakenAtOnce() {
    Deferred<String> inner = Deferred.succeed("ready");
    Deferred<String> outer = new Deferred<>();
    outer.addCallbackDeferred(v -> inner);

    outer.callback("start");

    assertEquals("ready", successResultOf(outer));
    assertNull(successResultOf(inner));
  }

  @Test
  void alreadyFailedInnerFailureIsTakenAtOnce() {
    IOException error = new IOException("already failed");
    Deferred<String> inner = Deferred.fail(error);
    Deferred<String> outer = new Deferred<>();
    outer.addCallbackDeferred(v -> inner);

    outer.callback("start");

    assertSame(error, failureResultOf(outer, IOException.class).value());
    assertNull(successResultOf(inner));
  }

  @Test
  void errbackReturningAnUnfiredDeferredPausesTheChainToo() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> outer = new Deferred<>();
    List<String> after = new ArrayList<>();
    outer.addErrbackDeferred(f -> inner).addCallback(after::add);
    outer.errback(new IOException("first"));
    assertEquals(List.of(), after);

    inner.callback("recovered later");

    assertEquals(List.of("recovered later"), after);
  }

  @Test
  void pausedInnerWithAResultHoldsTheOuterUntilUnpaused() {
    Deferred<String> inner = Deferred.succeed("held");
    inner.pause();
    Deferred<String> outer = new Deferred<>();
    outer.addCallbackDeferred(v -> inner);
    outer.callback("start");
    assertNoResult(outer);

    inner.unpause();

    assertEquals("held", successResultOf(outer));
  }

  @Test
  void pausedOuterDoesNotStopTheInnerFromRunningItsLaterCallbacks() {
    Deferred<Object> outer = new Deferred<>();
    Deferred<Object> inner = new Deferred<>();
    outer.addCallbackDeferred(v -> inner);
    outer.callback(null);
    outer.pause();

    inner.callback("x");
    List<Object> seen = new ArrayList<>();
    inner.addCallback(seen::add);

    assertEquals(Arrays.asList((Object) null), seen);
  }

  @Test
  void chainingIsTransitiveAcrossThreeDeferreds() {
    Deferred<Object> first = new Deferred<>();
    Deferred<Object> second = new Deferred<>();
    Deferred<Object> third = new Deferred<>();
    second.addCallbackDeferred(v -> first);
    third.addCallbackDeferred(v -> second);
    second.callback(null);
    third.callback(null);
    assertNoResult(third);

    first.callback("end");

    assertEquals("end", successResultOf(third));
  }

  @Test
  void middleDeferredCallbacksRunAfterTheInnermostFiresAndBeforeTheOuterContinues() {
    List<String> order = new ArrayList<>();
    Deferred<String> innermost = new Deferred<>();
    Deferred<String> outer = Deferred.succeed("outer");
    outer.addCallbackDeferred(
        v -> {
          order.add("outer cb");
          Deferred<String> middle = Deferred.succeed("middle");
          return middle
              .addCallbackDeferred(
                  m -> {
                    order.add("middle first");
                    return innermost;
                  })
              .addCallback(
                  r -> {
                    order.add("middle second " + r);
                    return r + r;
                  });
        });

    innermost.callback("x");
    outer.addCallback(r -> order.add("outer got " + r));

    assertEquals(
        List.of("outer cb", "middle first", "middle second x", "outer got xx"), order);
  }

  @Test
  void callbackAddedToTheMiddleDeferredAfterTheChainFiresRunsWithNull() {
    Deferred<Object> first = new Deferred<>();
    Deferred<Object> second = new Deferred<>();
    Deferred<Object> third = new Deferred<>();
    first.addCallbackDeferred(v -> second);
    second.addCallbackDeferred(v -> third);
    second.callback(null);
    first.callback(null);
    third.callback(null);
    List<Object> seen = new ArrayList<>();

    second.addCallback(seen::add);

    assertEquals(Arrays.asList((Object) null), seen);
  }

  @Test
  void outerCallbacksAddedBeforeFiringRunAfterTheInnerChainCompletes() {
    List<String> order = new ArrayList<>();
    Deferred<String> late = new Deferred<>();
    Deferred<String> outer = new Deferred<>();
    outer.addCallbackDeferred(
        v -> {
          order.add("cb");
          Deferred<String> d = new Deferred<>();
          Deferred<String> returned =
              d.addCallbackDeferred(
                      x -> {
                        order.add("first");
                        return late;
                      })
                  .addCallback(
                      x -> {
                        order.add("second " + x);
                        return x;
                      });
          d.callback("go");
          return returned;
        });
    outer.addCallback(x -> order.add("final " + x));
    outer.callback("outer");
    assertEquals(List.of("cb", "first"), order);

    late.callback("late");

    assertEquals(List.of("cb", "first", "second late", "final late"), order);
  }

  @Test
  void callbackReturningItsOwnDeferredFailsWithIllegalStateException() {
    Deferred<Object> d = new Deferred<>();
    d.addCallback(v -> d);

    d.callback("x");

    failureResultOf(d, IllegalStateException.class);
  }

  @Test
  void cancellingAnInnerThatWasAlreadyHandedOverDoesNothing() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> outer = new Deferred<>();
    outer.addCallbackDeferred(v -> inner);
    outer.callback("start");
    inner.callback("done");

    inner.cancel();

    assertEquals("done", successResultOf(outer));
  }

  // ------------------------------------------------------------ chainDeferred

  @Test
  void chainDeferredFiresTheTargetWithTheSourceResult() {
    Deferred<String> source = new Deferred<>();
    Deferred<String> target = new Deferred<>();
    source.chainDeferred(target);

    source.callback("shared");

    assertEquals("shared", successResultOf(target));
  }

  @Test
  void chainDeferredContinuesTheSourceWithNull() {
    Deferred<String> source = new Deferred<>();
    Deferred<String> target = new Deferred<>();
    Deferred<Void> rest = source.chainDeferred(target);

    source.callback("shared");

    assertNull(successResultOf(rest));
  }

  @Test
  void chainDeferredPassesAFailureToTheTargetAndTheSourceContinuesWithNull() {
    Deferred<String> source = new Deferred<>();
    Deferred<String> target = new Deferred<>();
    Deferred<Void> rest = source.chainDeferred(target);
    IOException error = new IOException("shared failure");

    source.errback(error);

    assertSame(error, failureResultOf(target, IOException.class).value());
    assertNull(successResultOf(rest));
  }

  @Test
  void chainDeferredToAnAlreadyFiredTargetGivesTheSourceAnAlreadyCalledFailure() {
    Deferred<String> source = new Deferred<>();
    Deferred<String> target = Deferred.succeed("target's own");
    source.chainDeferred(target);

    source.callback("too late");

    failureResultOf(source, AlreadyCalledException.class);
    assertEquals("target's own", successResultOf(target));
  }

  @Test
  void chainDeferredToATargetCancelledWithoutCancellerDropsTheResult() {
    Deferred<String> source = new Deferred<>();
    Deferred<String> target = new Deferred<>();
    source.chainDeferred(target);
    target.cancel();

    source.callback("dropped");

    assertNull(successResultOf(source));
    failureResultOf(target, CancelledException.class);
  }

  @Test
  void chainDeferredToAPausedTargetStillContinuesTheSource() {
    Deferred<String> source = new Deferred<>();
    Deferred<String> target = new Deferred<>();
    target.pause();
    List<Object> sourceRest = new ArrayList<>();
    source.chainDeferred(target).addCallback(sourceRest::add);

    source.callback("v");

    assertEquals(Arrays.asList((Object) null), sourceRest);
  }

  @Test
  void chainDeferredToAPausedTargetDeliversTheResultOnUnpause() {
    Deferred<String> source = new Deferred<>();
    Deferred<String> target = new Deferred<>();
    target.pause();
    source.chainDeferred(target);
    source.callback("v");
    assertNoResult(target);

    target.unpause();

    assertEquals("v", successResultOf(target));
  }

  @Test
  void chainDeferredToItselfIsRejected() {
    Deferred<String> d = new Deferred<>();

    assertThrows(IllegalArgumentException.class, () -> d.chainDeferred(d));
  }

  // ------------------------------------------------------------ long chains, constant stack

  @Test
  void hundredThousandNestedDeferredsRunWithoutStackOverflow() {
    Deferred<Integer> top = new Deferred<>();
    Deferred<Integer> last = new Deferred<>();
    List<Deferred<Integer>> inners = nestedChain(top, LONG, last);
    Deferred<Integer> end = top.addCallback(v -> v + 1);

    last.callback(41);

    assertEquals(42, successResultOf(end));
    assertNull(successResultOf(inners.get(LONG - 1)));
  }

  @Test
  void hundredThousandCallbacksOnOneDeferredRunInOrder() {
    Deferred<Integer> d = new Deferred<>();
    for (int i = 0; i < LONG; i++) {
      d.addCallback(v -> v + 1);
    }

    d.callback(0);

    assertEquals(LONG, successResultOf(d));
  }

  @Test
  void hundredThousandChainDeferredLinksRunWithoutStackOverflow() {
    List<Deferred<String>> links = chainedLinks(LONG);

    links.get(0).callback("relayed");

    assertEquals("relayed", successResultOf(links.get(LONG - 1)));
  }

  @Test
  void runnerStackDepthDoesNotGrowWithNestedChainLength() {
    assertEquals(stackDepthAtEndOfNestedChain(10), stackDepthAtEndOfNestedChain(10_000));
  }

  @Test
  void runnerStackDepthDoesNotGrowWithChainDeferredLength() {
    assertEquals(stackDepthAtEndOfChainDeferred(10), stackDepthAtEndOfChainDeferred(10_000));
  }

  /**
   * Builds top -> inner[0] -> ... -> inner[n-1] -> last, each waiting on the next through a
   * callback that returns it, and fires everything but {@code last}.
   */
  private static List<Deferred<Integer>> nestedChain(
      Deferred<Integer> top, int n, Deferred<Integer> last) {
    List<Deferred<Integer>> inners = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      inners.add(new Deferred<>());
    }
    top.addCallbackDeferred(v -> inners.get(0));
    for (int i = 0; i < n - 1; i++) {
      Deferred<Integer> next = inners.get(i + 1);
      inners.get(i).addCallbackDeferred(v -> next);
    }
    inners.get(n - 1).addCallbackDeferred(v -> last);
    top.callback(0);
    for (Deferred<Integer> inner : inners) {
      inner.callback(0);
    }
    return inners;
  }

  /** d[0].chainDeferred(d[1]), d[1].chainDeferred(d[2]), ... */
  private static List<Deferred<String>> chainedLinks(int n) {
    List<Deferred<String>> links = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      links.add(new Deferred<>());
    }
    for (int i = 0; i < n - 1; i++) {
      links.get(i).chainDeferred(links.get(i + 1));
    }
    return links;
  }

  /** Stack depth of a callback on the outermost Deferred, run when the innermost one fires. */
  private static int stackDepthAtEndOfNestedChain(int n) {
    Deferred<Integer> top = new Deferred<>();
    Deferred<Integer> last = new Deferred<>();
    nestedChain(top, n, last);
    int[] depth = {-1};
    top.addCallback(
        v -> {
          depth[0] = Thread.currentThread().getStackTrace().length;
          return v;
        });
    assertEquals(-1, depth[0], "the outermost callback must wait for the innermost Deferred");

    last.callback(0);

    return depth[0];
  }

  /** Stack depth of a callback on the last of n Deferreds linked with chainDeferred. */
  private static int stackDepthAtEndOfChainDeferred(int n) {
    List<Deferred<String>> links = chainedLinks(n);
    int[] depth = {-1};
    links.get(n - 1)
        .addCallback(
            v -> {
              depth[0] = Thread.currentThread().getStackTrace().length;
              return v;
            });

    links.get(0).callback("go");

    return depth[0];
  }
}
