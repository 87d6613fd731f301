package io.fetchd.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
  @Test
  void reservesUpToTheLimitAndRefusesBeyond() {
    MemoryBudget b = new MemoryBudget(100);
    assertTrue(b.tryReserve(MemoryKind.REQUEST_BODIES, 60));
    assertTrue(b.tryReserve(MemoryKind.JOB_OUTCOMES, 40));
    assertFalse(b.tryReserve(MemoryKind.KEPT_BODIES, 1));
    assertEquals(100, b.used());
    assertEquals(0, b.available());
    assertEquals(60, b.used(MemoryKind.REQUEST_BODIES));
    assertEquals(40, b.used(MemoryKind.JOB_OUTCOMES));
    assertEquals(0, b.used(MemoryKind.KEPT_BODIES));
    assertEquals(1, b.refusals(MemoryKind.KEPT_BODIES));
  }

  @Test
  void releaseGivesRoomBack() {
    MemoryBudget b = new MemoryBudget(100);
    assertTrue(b.tryReserve(MemoryKind.REQUEST_BODIES, 100));
    b.release(MemoryKind.REQUEST_BODIES, 30);
    assertEquals(30, b.available());
    assertTrue(b.tryReserve(MemoryKind.QUEUED_RESPONSES, 30));
    assertFalse(b.tryReserve(MemoryKind.QUEUED_RESPONSES, 1));
  }

  @Test
  void releasingMoreThanAKindHoldsIsAnOwnershipBug() {
    MemoryBudget b = new MemoryBudget(100);
    assertTrue(b.tryReserve(MemoryKind.REQUEST_BODIES, 10));
    assertTrue(b.tryReserve(MemoryKind.JOB_OUTCOMES, 50));
    assertThrows(IllegalStateException.class, () -> b.release(MemoryKind.REQUEST_BODIES, 11));
    assertEquals(60, b.used());
    assertEquals(10, b.used(MemoryKind.REQUEST_BODIES));
  }

  @Test
  void forceReserveCountsPastTheLimit() {
    MemoryBudget b = new MemoryBudget(10);
    b.forceReserve(MemoryKind.QUEUED_RESPONSES, 25);
    assertEquals(25, b.used());
    assertEquals(0, b.available());
    assertFalse(b.tryReserve(MemoryKind.REQUEST_BODIES, 1));
    b.release(MemoryKind.QUEUED_RESPONSES, 25);
    assertTrue(b.tryReserve(MemoryKind.REQUEST_BODIES, 10));
  }

  @Test
  void aRefusalDecidedByTheCallerIsCountedWithoutReserving() {
    MemoryBudget b = new MemoryBudget(100);
    b.countRefusal(MemoryKind.JOB_OUTCOMES);
    assertEquals(1, b.refusals(MemoryKind.JOB_OUTCOMES));
    assertEquals(0, b.refusals(MemoryKind.KEPT_BODIES));
    assertEquals(0, b.used());
  }

  @Test
  void couldEverFitSeparates413From503() {
    MemoryBudget b = new MemoryBudget(100);
    assertTrue(b.tryReserve(MemoryKind.JOB_OUTCOMES, 100));
    assertTrue(b.couldEverFit(100));
    assertFalse(b.couldEverFit(101));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(0));
    MemoryBudget b = new MemoryBudget(10);
    assertThrows(IllegalArgumentException.class, () -> b.tryReserve(MemoryKind.JOB_OUTCOMES, -1));
    assertThrows(IllegalArgumentException.class, () -> b.release(MemoryKind.JOB_OUTCOMES, -1));
    assertTrue(b.tryReserve(MemoryKind.JOB_OUTCOMES, 0));
  }

  @Test
  void unlimitedNeverOverflows() {
    MemoryBudget b = MemoryBudget.unlimited();
    assertTrue(b.tryReserve(MemoryKind.JOB_OUTCOMES, Long.MAX_VALUE - 1));
    assertFalse(b.tryReserve(MemoryKind.JOB_OUTCOMES, 2));
  }

  @Test
  void defaultLimitIsHalfTheSmallerPool() {
    assertEquals(128L << 20, MemoryBudget.defaultLimit(512L << 20, 256L << 20));
    assertEquals(256L << 20, MemoryBudget.defaultLimit(512L << 20, 1L << 40));
  }
}
