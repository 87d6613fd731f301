package io.fetchd.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The process's fatal-error answer, with halt recorded instead of ending the test JVM. */
class ExitOnFatalErrorTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicInteger halted = new AtomicInteger(-1);
  private final ExitOnFatalError handler =
      new ExitOnFatalError(new PrintStream(err, true, StandardCharsets.UTF_8), halted::set);

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aFatalErrorPrintsOneLineAndHaltsWithSeventy() {
    handler.onFatal("reactor task", new OutOfMemoryError("Java heap space"));
    assertEquals(70, halted.get());
    assertEquals(1, err().lines().count(), err());
    assertTrue(err().startsWith("fetchd: fatal java.lang.OutOfMemoryError: Java heap space (reactor task"), err());
    assertTrue(err().strip().endsWith("exiting with status 70"), err());
  }

  @Test
  void anUncaughtVirtualMachineErrorHalts() {
    handler.uncaughtException(new Thread("worker"), new StackOverflowError());
    assertEquals(70, halted.get());
    assertEquals(1, err().lines().count(), err());
  }

  @Test
  void anUncaughtOrdinaryExceptionIsOneLineAndDoesNotHalt() {
    handler.uncaughtException(new Thread("worker"), new IllegalStateException("oops"));
    assertEquals(-1, halted.get());
    assertEquals("fetchd: uncaught exception on thread worker: oops", err().strip());
  }
}
