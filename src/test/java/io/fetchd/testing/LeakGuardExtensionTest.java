package io.fetchd.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the guard sees a leak by leaking one buffer on purpose and driving the extension by hand.
 * The intended leak is removed from the record before the test ends, so this class itself passes
 * the guard's check after all its tests.
 */
class LeakGuardExtensionTest {
  private ResourceLeakDetector.Level savedLevel;
  private final List<LeakGuardExtension.Leak> intended = new ArrayList<>();

  @BeforeEach
  void trackEveryBuffer() {
    savedLevel = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @AfterEach
  void forgetTheIntendedLeakAndRestoreTheLevel() {
    LeakGuardExtension.forget(intended);
    ResourceLeakDetector.setLevel(savedLevel);
  }

  @Test
  void extensionOwnsTheByteBufLeakDetector() {
    assertDoesNotThrow(LeakGuardExtension::checkInstalled);
    assertTrue(LeakGuardExtension.installed());
  }

  @Test
  void bufferDroppedWithoutReleaseIsRecordedAndFailsTheCheck() {
    // Leaks still waiting in the detectors' queues belong to whoever ran before: report them now,
    // outside this test's window, so that they are not mistaken for (and forgotten with) ours.
    LeakGuardExtension.collectLeaks();
    int mark = LeakGuardExtension.mark();

    allocateAndDropWithoutRelease();
    for (int round = 0; round < 10 && ours(mark).isEmpty(); round++) {
      LeakGuardExtension.collectLeaks();
    }
    intended.addAll(ours(mark));

    assertEquals(1, intended.size(), "leak reports naming the leaking method");
    assertEquals("ByteBuf", intended.get(0).resourceType());
    AssertionError error =
        assertThrows(
            AssertionError.class,
            () -> LeakGuardExtension.checkNoLeaksSince(mark, "LeakGuardExtensionTest"));
    assertTrue(error.getMessage().contains("allocateAndDropWithoutRelease"), error.getMessage());
    assertTrue(error.getMessage().contains("LeakGuardExtensionTest"), error.getMessage());
  }

  @Test
  void releasedBufferIsNotReported() {
    LeakGuardExtension.collectLeaks();
    int mark = LeakGuardExtension.mark();

    ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer(16);
    buf.writeInt(42);
    assertTrue(buf.release());
    LeakGuardExtension.collectLeaks();

    assertFalse(
        LeakGuardExtension.leaksSince(mark).stream().anyMatch(l -> l.toString().contains(
            "releasedBufferIsNotReported")));
    assertDoesNotThrow(() -> LeakGuardExtension.checkNoLeaksSince(mark, "releasedBuffer"));
  }

  private static List<LeakGuardExtension.Leak> ours(int mark) {
    return LeakGuardExtension.leaksSince(mark).stream()
        .filter(l -> l.records().contains("allocateAndDropWithoutRelease"))
        .toList();
  }

  /**
   * Allocates a tracked buffer, touches it, and lets it become garbage unreleased. Pooled, because
   * Netty 4.2 does not track unpooled heap buffers (the garbage collector frees those anyway); the
   * pool slot it holds is a few bytes of heap, lost for the rest of this JVM.
   */
  private static void allocateAndDropWithoutRelease() {
    ByteBuf leaked = PooledByteBufAllocator.DEFAULT.heapBuffer(32);
    leaked.writeLong(7L);
  }
}
