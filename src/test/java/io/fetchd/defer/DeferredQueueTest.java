package io.fetchd.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DeferredQueue: hand-off between put and get, both bounds, and cancelled gets. */
class DeferredQueueTest {

  @Test
  void getAfterPutFiresAtOnceWithTheOldestItem() {
    DeferredQueue<String> queue = new DeferredQueue<>();
    queue.put("a");
    queue.put("b");

    assertEquals("a", successResultOf(queue.get()));
    assertEquals("b", successResultOf(queue.get()));
    assertEquals(0, queue.pendingCount());
  }

  @Test
  void waitingGetsAreServedInOrderByLaterPuts() {
    DeferredQueue<Integer> queue = new DeferredQueue<>();
    List<Integer> gotten = new ArrayList<>();
    queue.get().addCallback(gotten::add);
    queue.get().addCallback(gotten::add);
    assertEquals(2, queue.waitingCount());

    queue.put(1);
    assertEquals(List.of(1), gotten);
    queue.put(2);

    assertEquals(List.of(1, 2), gotten);
    assertEquals(0, queue.pendingCount());
  }

  @Test
  void putBeyondSizeThrowsQueueOverflow() {
    DeferredQueue<String> queue = new DeferredQueue<>(2, 2);
    queue.put("a");
    queue.put("b");

    assertThrows(QueueOverflowException.class, () -> queue.put("c"));
    assertEquals(2, queue.pendingCount());
  }

  @Test
  void getBeyondBacklogFailsAtOnceWithQueueUnderflow() {
    DeferredQueue<String> queue = new DeferredQueue<>(2, 2);
    queue.get();
    queue.get();

    failureResultOf(queue.get(), QueueUnderflowException.class);
    assertEquals(2, queue.waitingCount());
  }

  @Test
  void sizeZeroAcceptsAPutOnlyWhenAGetIsWaiting() {
    DeferredQueue<String> queue = new DeferredQueue<>(0, 1);
    assertThrows(QueueOverflowException.class, () -> queue.put("nobody waits"));

    Deferred<String> get = queue.get();
    queue.put("handed over");

    assertEquals("handed over", successResultOf(get));
  }

  @Test
  void cancellingAWaitingGetRemovesItSoTheNextPutGoesToTheNextWaiter() {
    DeferredQueue<String> queue = new DeferredQueue<>();
    Deferred<String> cancelled = queue.get();
    Deferred<String> next = queue.get();

    cancelled.cancel();
    queue.put("item");

    failureResultOf(cancelled, CancelledException.class);
    assertEquals("item", successResultOf(next));
  }

  @Test
  void itemPutAfterTheOnlyGetWasCancelledIsStored() {
    DeferredQueue<String> queue = new DeferredQueue<>();
    Deferred<String> get = queue.get();
    get.cancel();

    queue.put("kept");

    failureResultOf(get, CancelledException.class);
    assertEquals(1, queue.pendingCount());
    assertEquals("kept", successResultOf(queue.get()));
  }

  @Test
  void cancellingAGetThatAlreadyFiredDoesNothing() {
    DeferredQueue<String> queue = new DeferredQueue<>();
    Deferred<String> get = queue.get();
    queue.put("got it");

    get.cancel();

    assertEquals("got it", successResultOf(get));
  }

  @Test
  void nullItemsAndNegativeBoundsAreRejected() {
    DeferredQueue<String> queue = new DeferredQueue<>();

    assertThrows(NullPointerException.class, () -> queue.put(null));
    assertThrows(IllegalArgumentException.class, () -> new DeferredQueue<String>(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new DeferredQueue<String>(0, -1));
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
