package io.fetchd.app;

import io.fetchd.reactor.FatalErrorHandler;
import io.fetchd.reactor.FatalErrors;
import java.io.PrintStream;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * The process's answer to an error it cannot survive ({@link FatalErrors}): one line on standard
 * error, then {@code halt(}{@value #STATUS}{@code )} at once (no shutdown hooks, no drain: the
 * JVM's state is not to be trusted), so that Docker or Kubernetes restarts the process. Also the
 * default uncaught-exception handler: a {@link VirtualMachineError} on any thread is fatal; any
 * other uncaught exception is one line and the thread ends, as the JVM would do.
 *
 * <p>Thread rule: any thread; it never waits. The halt function is injected, so tests run it
 * without ending their JVM.
 */
final class ExitOnFatalError implements FatalErrorHandler, Thread.UncaughtExceptionHandler {
  /** The exit status after a fatal error: 70, {@code EX_SOFTWARE}. */
  static final int STATUS = 70;

  private final PrintStream err;
  private final IntConsumer halt;

  ExitOnFatalError(PrintStream err, IntConsumer halt) {
    this.err = Objects.requireNonNull(err, "err");
    this.halt = Objects.requireNonNull(halt, "halt");
  }

  /** Installs one for this process: the fatal-error hook and the default uncaught handler. */
  static void installForProcess(PrintStream err, IntConsumer halt) {
    ExitOnFatalError h = new ExitOnFatalError(err, halt);
    FatalErrors.install(h);
    Thread.setDefaultUncaughtExceptionHandler(h);
  }

  @Override
  public void onFatal(String where, Throwable error) {
    try {
      err.println("fetchd: fatal " + error + " (" + where + " on thread " + Thread.currentThread().getName()
          + "); exiting with status " + STATUS);
      err.flush();
    } catch (Throwable ignored) {
      // nothing left even to print: exit anyway
    } finally {
      halt.accept(STATUS);
    }
  }

  @Override
  public void uncaughtException(Thread t, Throwable e) {
    if (FatalErrors.isFatal(e)) {
      onFatal("uncaught", e);
      return;
    }
    try {
      err.println("fetchd: uncaught exception on thread " + t.getName() + ": " + Main.oneLine(e));
    } catch (Throwable ignored) {
      // as above
    }
  }
}
