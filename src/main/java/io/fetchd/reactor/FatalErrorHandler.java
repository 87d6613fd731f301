package io.fetchd.reactor;

/**
 * What the process does when the reactor cannot go on: a {@link VirtualMachineError} ({@code
 * OutOfMemoryError}, {@code StackOverflowError}, ...) on a reactor thread, or a reactor thread
 * that ended without {@link Reactor#stop}. A service installs one that ends the process at once
 * ({@link FatalErrors#install}), so that its supervisor restarts it; an embedder may leave {@link
 * #NONE}, which only logs.
 *
 * <p>Called on the failing thread, possibly with almost no memory left: implementations print at
 * most one line and never wait for anything.
 */
@FunctionalInterface
public interface FatalErrorHandler {
  /** Does nothing beyond the log line {@link FatalErrors} writes: for embedders and tests. */
  FatalErrorHandler NONE = (where, error) -> {};

  /**
   * @param where what was running: {@code "reactor task"}, {@code "channel handler"}, {@code
   *     "reactor thread fetchd-reactor-1-1 ended"}
   * @param error the error, or an {@code IllegalStateException} saying the thread ended
   */
  void onFatal(String where, Throwable error);
}
