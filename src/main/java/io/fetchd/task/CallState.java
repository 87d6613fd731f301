package io.fetchd.task;

/**
 * Life of a delayed call, shared by {@link FakeClock} and the Netty-backed reactor, so both refuse
 * to touch a finished call with the same exceptions. Immutable; any thread.
 */
public enum CallState {
  /** Scheduled and not yet run or cancelled. */
  PENDING,
  /** Ran (or is running). */
  RAN,
  /** Cancelled before it ran. */
  CANCELLED;

  /**
   * Throws the exception Twisted raises when a finished call is cancelled, reset or delayed.
   *
   * @throws CallAlreadyRanException if the call ran
   * @throws CallAlreadyCancelledException if the call was cancelled
   */
  public void requirePending() {
    if (this == RAN) {
      throw new CallAlreadyRanException();
    }
    if (this == CANCELLED) {
      throw new CallAlreadyCancelledException();
    }
  }
}
