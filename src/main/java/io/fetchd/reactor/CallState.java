package io.fetchd.reactor;

/** Life of a delayed call, shared by {@link FakeClock} and {@link Reactor}. */
enum CallState {
  PENDING,
  RAN,
  CANCELLED;

  /** Throws the exception Twisted raises when a finished call is cancelled, reset or delayed. */
  void requirePending() {
    if (this == RAN) {
      throw new CallAlreadyRanException();
    }
    if (this == CANCELLED) {
      throw new CallAlreadyCancelledException();
    }
  }
}
