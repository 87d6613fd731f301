package io.fetchd.defer;

/**
 * One (callback, errback) pair of a {@link Deferred}'s chain, holding the caller's functions as
 * given: a callback and/or an errback, or one both-track function. Also the chain's list cell.
 * Confined to the Deferred's thread, as the Deferred is.
 */
class Link {
  final Callback<Object, ?> callback;
  final Errback<?> errback;
  final BothCallback<Object, ?> both;
  Link next;

  @SuppressWarnings("unchecked")
  Link(Callback<?, ?> callback, Errback<?> errback, BothCallback<?, ?> both) {
    this.callback = (Callback<Object, ?>) callback;
    this.errback = errback;
    this.both = (BothCallback<Object, ?>) both;
  }

  /** True if this pair has a function for the track the result is on. */
  final boolean handles(boolean failed) {
    return both != null || (failed ? errback != null : callback != null);
  }

  /** Runs the function for the track {@code in} is on ({@link #handles} said there is one). */
  final Object run(Object in, boolean failed) throws Exception {
    if (both != null) {
      return failed ? both.apply(null, (Failure) in) : both.apply(in, null);
    }
    return failed ? errback.apply((Failure) in) : callback.apply(in);
  }

  /** Hands the result to a Deferred that waits on this one (a callback returned this one). */
  static final class Continuation extends Link {
    final Deferred<?> waiter;

    Continuation(Deferred<?> waiter) {
      super(null, null, null);
      this.waiter = waiter;
    }
  }

  /** Fires {@code target} with the result at this point ({@link Deferred#chainDeferred}). */
  static final class ChainTo extends Link {
    final Deferred<?> target;

    ChainTo(Deferred<?> target) {
      super(null, null, null);
      this.target = target;
    }
  }
}
