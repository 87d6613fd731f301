package io.fetchd.defer;

import static io.fetchd.defer.DeferredAssertions.failureResultOf;
import static io.fetchd.defer.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
