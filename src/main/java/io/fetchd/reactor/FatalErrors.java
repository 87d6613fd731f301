package io.fetchd.reactor;

import java.util.Objects;

/**
 * The process-wide hook for errors the reactor cannot survive: Netty's executors catch and log
 * whatever a task or a handler throws and go on, so without it an {@code OutOfMemoryError} on the
 * loop leaves a process that is up, with its socket open, and serves nothing. {@link Reactor}
 * reports its tasks' {@link VirtualMachineError}s and its threads' deaths here; channel handlers
 * report what reaches their {@code exceptionCaught} through {@link #check}. The installed {@link
 * FatalErrorHandler} decides what happens (the app halts the JVM; the default only logs).
 *
 * <p>Thread rule: any thread. The handler is a volatile field; only the first report reaches it.
 */
public final class FatalErrors {
  private static final System.Logger LOG = System.getLogger(FatalErrors.class.getName());
  private static volatile FatalErrorHandler handler = FatalErrorHandler.NONE;
  private static volatile boolean reported;

  private FatalErrors() {}

  /**
   * Installs {@code h} for the whole process and returns the one it replaces (so that a test can
   * put it back). A new handler hears the next report even if one was made before.
   *
   * @param h the handler to call on the next fatal report
   * @return the handler it replaces
   */
  public static FatalErrorHandler install(FatalErrorHandler h) {
    FatalErrorHandler previous = handler;
    handler = Objects.requireNonNull(h, "handler");
    reported = false;
    return previous;
  }

  /**
   * True for what the JVM cannot be trusted to survive: a {@link VirtualMachineError}.
   *
   * @param t the throwable to look at
   * @return whether it is fatal
   */
  public static boolean isFatal(Throwable t) {
    return t instanceof VirtualMachineError;
  }

  /**
   * Reports {@code t} if it {@linkplain #isFatal is fatal}; returns whether it was.
   *
   * @param where what was running, for the log line
   * @param t the throwable to look at
   * @return whether it was fatal (and so reported)
   */
  public static boolean check(String where, Throwable t) {
    if (!isFatal(t)) {
      return false;
    }
    report(where, t);
    return true;
  }

  /**
   * Reports a fatal condition: logged, then handed to the installed handler (the first time).
   *
   * @param where what was running, for the log line
   * @param t what went wrong
   */
  public static void report(String where, Throwable t) {
    if (reported) {
      return;
    }
    reported = true;
    try {
      LOG.log(System.Logger.Level.ERROR, "fatal: " + where, t);
    } catch (Throwable ignored) {
      // no memory even to log: the handler still runs
    }
    handler.onFatal(where, t);
  }
}
