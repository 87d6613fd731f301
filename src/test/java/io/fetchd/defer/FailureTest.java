package io.fetchd.defer;

import static io.fetchd.defer.DeferredAssertions.failureResultOf;
import static io.fetchd.defer.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@link Failure}: check, trap, raise and the accessors, alone and inside an errback. */
class FailureTest {

  @Test
  void valueIsTheWrappedException() {
    IOException error = new IOException("x");

    assertSame(error, new Failure(error).value());
  }

  @Test
  void typeIsTheWrappedExceptionsClass() {
    assertEquals(FileNotFoundException.class, new Failure(new FileNotFoundException()).type());
  }

  @Test
  void messageIsTheWrappedExceptionsMessage() {
    assertEquals("disk full", new Failure(new IOException("disk full")).getMessage());
  }

  @Test
  void failureOfNullIsRejected() {
    assertThrows(NullPointerException.class, () -> new Failure(null));
  }

  @Test
  void checkReturnsTheFirstMatchingType() {
    Failure f = new Failure(new FileNotFoundException());

    assertEquals(
        IOException.class, f.check(IllegalStateException.class, IOException.class, Exception.class));
  }

  @Test
  void checkMatchesSuperclassesOfTheException() {
    Failure f = new Failure(new FileNotFoundException());

    assertEquals(Exception.class, f.check(Exception.class));
  }

  @Test
  void checkReturnsNullWhenNothingMatches() {
    Failure f = new Failure(new IOException());

    assertNull(f.check(IllegalStateException.class, FileNotFoundException.class));
  }

  @Test
  void trapReturnsTheMatchingType() {
    Failure f = new Failure(new IOException());

    assertEquals(IOException.class, f.trap(IllegalStateException.class, IOException.class));
  }

  @Test
  void trapRethrowsTheWrappedExceptionWhenNothingMatches() {
    IOException error = new IOException("not trapped");
    Failure f = new Failure(error);

    Throwable thrown =
        assertThrows(IOException.class, () -> f.trap(IllegalStateException.class));

    assertSame(error, thrown);
  }

  @Test
  void trapInAnErrbackLetsTheSameFailureContinueDownTheChain() {
    Failure original = new Failure(new IOException("passes through"));
    Deferred<String> d = new Deferred<>();
    d.addErrback(
        f -> {
          f.trap(IllegalStateException.class);
          return "wrongly handled";
        });

    d.errback(original);

    assertSame(original, failureResultOf(d, IOException.class));
  }

  @Test
  void trapInAnErrbackHandlesAMatchingFailure() {
    Deferred<String> d = new Deferred<>();
    d.addErrback(
        f -> {
          f.trap(IOException.class);
          return "handled";
        });

    d.errback(new FileNotFoundException());

    assertEquals("handled", successResultOf(d));
  }

  @Test
  void raiseThrowsACheckedExceptionUnwrapped() {
    IOException error = new IOException("checked");
    Failure f = new Failure(error);

    Throwable thrown = assertThrows(IOException.class, f::raise);

    assertSame(error, thrown);
  }

  @Test
  void valueAsCastsToAMatchingType() {
    IOException error = new FileNotFoundException();
    Failure f = new Failure(error);

    assertSame(error, f.valueAs(IOException.class));
  }

  @Test
  void valueAsGivesNullForAnotherType() {
    assertNull(new Failure(new IOException()).valueAs(IllegalStateException.class));
  }

  @Test
  void tracebackNamesTheExceptionAndItsCause() {
    Failure f = new Failure(new IOException("outer", new IllegalStateException("root cause")));

    String traceback = f.getTraceback();

    assertTrue(traceback.contains("java.io.IOException: outer"), traceback);
    assertTrue(traceback.contains("Caused by: java.lang.IllegalStateException: root cause"));
  }

  @Test
  void framesAreACopyOfTheExceptionStack() {
    IOException error = new IOException();
    Failure f = new Failure(error);

    StackTraceElement[] frames = f.frames();
    frames[0] = null;

    assertEquals(error.getStackTrace().length, f.frames().length);
    assertEquals(error.getStackTrace()[0], f.frames()[0]);
  }

  @Test
  void exceptionThrownByACallbackKeepsTheCallbacksFrames() {
    Deferred<String> d = new Deferred<>();
    d.addCallback(
        v -> {
          throw new IllegalStateException("from callback");
        });

    d.callback("x");

    Failure f = failureResultOf(d, IllegalStateException.class);
    assertTrue(f.getTraceback().contains(FailureTest.class.getName()), f.getTraceback());
  }
}
