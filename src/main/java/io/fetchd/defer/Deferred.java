package io.fetchd.defer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;

/**
 * A result that is not there yet: Twisted's {@code Deferred}, in Java.
 *
 * <p>A Deferred holds a chain of (callback, errback) pairs. It fires once, with
 * {@link #callback} or {@link #errback}; the result then runs down the chain. A success goes to the
 * next callback, a {@link Failure} to the next errback. A callback or errback that throws turns
 * the result into a Failure; an errback that returns normally switches the chain back to success.
 * Pairs added after firing run at once with the current result.
 *
 * <p>A callback that returns another Deferred (see {@link #addCallbackDeferred}) pauses this chain
 * until the inner one fires; the inner result, success or Failure, then carries on down this
 * chain. The runner is one loop over an explicit stack, never recursion, so chains of any depth
 * (nested Deferreds or {@link #chainDeferred} links) run in constant stack.
 *
 * <p>Where Twisted has traps, this class is stricter: {@link #unpause()} without {@link #pause()}
 * throws {@link IllegalStateException}; firing with a Deferred is rejected; a callback that returns
 * the Deferred it is attached to produces a Failure instead of hanging; {@link #cancel()} never
 * throws (a canceller's exception becomes the Failure); a Deferred garbage-collected with an
 * unhandled Failure at the end of its chain is logged exactly once as "Unhandled error in
 * Deferred", and never when a later errback handled it.
 *
 * <p>Where Java's type system makes a Twisted idiom impossible, the Java spelling is:
 *
 * <ul>
 *   <li>A callback that returns either a value or a Deferred: Java types each step by what the
 *       callback returns, so use {@link #addCallbackDeferred} (and {@code addErrbackDeferred},
 *       {@code addBothDeferred}) when it returns a Deferred. Plain {@link #addCallback} still
 *       chains such a Deferred at run time, but types the next step as the Deferred itself.
 *   <li>Extra arguments ({@code d.addCallback(f, arg, key=v)}): capture them in a lambda,
 *       {@code d.addCallback(r -> f(r, arg, v))}.
 *   <li>Returning a Failure to stay on the error track: an errback returns the next step's type,
 *       so write {@code return failure.raise();} (or {@code failure.trap(...)}), which throws the
 *       same Failure on.
 *   <li>A pass-through {@code addBoth(lambda r: (log(r), r)[1])}: {@link #addBothPassThrough}, which
 *       keeps {@code T}; {@link #addBoth} gets (value, failure) split by track.
 *   <li>{@code Deferred[T]} keeps one type while callbacks change the result: each
 *       {@code add*} method returns this same Deferred re-typed for the next step, so chain the
 *       calls (or keep the last returned reference) rather than reusing the first variable.
 *   <li>Keyword arguments ({@code DeferredList(ds, fireOnOneErrback=True)}): named builder
 *       methods, {@code DeferredList.of(ds).fireOnOneErrback().deferred()}.
 *   <li>{@code inlineCallbacks}/{@code returnValue}: Java 17 has no generators; write the chain of
 *       {@link #addCallbackDeferred} steps (docs/twisted.md shows both).
 * </ul>
 *
 * <p>Thread rule: a Deferred belongs to one thread, normally the reactor's event loop thread.
 * It has no locks; every method must be called on that thread. Use the reactor's
 * {@code callFromThread} to hand a result over from elsewhere.
 *
 * @param <T> the type of the result the next callback will receive
 */
public final class Deferred<T> {
  private static final Object NO_RESULT = new Object();

  /** The chain still to run, first to last: a singly linked list, empty when both are null. */
  private Link head;
  private Link tail;
  private Object result = NO_RESULT;
  private boolean called;
  private boolean running;
  private boolean suppressAlreadyCalled;
  private int pauseCount;
  /** The inner Deferred this one waits on, or null. */
  private Deferred<?> waitingOn;
  /** The Deferred whose {@link #chainDeferred} will fire this one, until this one fires. */
  private Deferred<?> chainedTo;
  private Canceller<T> canceller;
  private UnhandledFailureReporter reporter;

  /** A Deferred with no canceller: cancelling it just errbacks with {@link CancelledException}. */
  public Deferred() {}

  /**
   * A Deferred whose {@link #cancel()} first calls {@code canceller}.
   *
   * @param canceller called by {@link #cancel()} before the Deferred has fired
   */
  public Deferred(Canceller<T> canceller) {
    this.canceller = canceller;
  }

  /**
   * A Deferred that has already fired with {@code value}.
   *
   * @param value the result
   * @param <T> the result type
   * @return a fired Deferred
   */
  public static <T> Deferred<T> succeed(T value) {
    Deferred<T> d = new Deferred<>();
    d.callback(value);
    return d;
  }

  /**
   * A Deferred that has already failed with {@code error}.
   *
   * @param error the exception
   * @param <T> the result type the chain would have had
   * @return a failed Deferred
   */
  public static <T> Deferred<T> fail(Throwable error) {
    return fail(new Failure(error));
  }

  /**
   * A Deferred that has already failed with {@code failure}.
   *
   * @param failure the Failure
   * @param <T> the result type the chain would have had
   * @return a failed Deferred
   */
  public static <T> Deferred<T> fail(Failure failure) {
    Deferred<T> d = new Deferred<>();
    d.errback(failure);
    return d;
  }

  /**
   * Calls {@code fn} now and wraps its outcome in a Deferred: a value succeeds, an exception
   * fails. If {@code fn} returns a Deferred at run time, that Deferred is returned (as Twisted
   * does); use {@link #maybeDeferredAsync} for a type-checked version of that case.
   *
   * @param fn what to call now
   * @param <T> the result type
   * @return a Deferred of {@code fn}'s outcome, already fired unless {@code fn} returned an unfired Deferred
   */
  @SuppressWarnings("unchecked")
  public static <T> Deferred<T> maybeDeferred(ThrowingSupplier<? extends T> fn) {
    Object value;
    try {
      value = fn.get();
    } catch (Throwable t) {
      return fail(t);
    }
    if (value instanceof Deferred<?> d) {
      return (Deferred<T>) d;
    }
    if (value instanceof Failure f) {
      return fail(f);
    }
    return succeed((T) value);
  }

  /**
   * Calls {@code fn} now: its Deferred is returned, a thrown exception becomes a failed one.
   *
   * @param fn what to call now; null from it counts as a success with null
   * @param <T> the result type
   * @return {@code fn}'s Deferred, or a failed one
   */
  public static <T> Deferred<T> maybeDeferredAsync(
      ThrowingSupplier<? extends Deferred<T>> fn) {
    try {
      Deferred<T> d = fn.get();
      return d == null ? succeed(null) : d;
    } catch (Throwable t) {
      return fail(t);
    }
  }

  /** A supplier that may throw: the argument of {@link #maybeDeferred}. */
  @FunctionalInterface
  public interface ThrowingSupplier<T> {
    /**
     * Produces the value.
     *
     * @return the value
     * @throws Exception to fail the Deferred with it
     */
    T get() throws Exception;
  }

  // ---------------------------------------------------------------- firing

  /**
   * Fires this Deferred with a success result.
   *
   * @param result the success value (never a Deferred)
   * @throws AlreadyCalledException if it already fired (unless it was cancelled without a
   *     canceller, in which case this one late result is silently dropped, as in Twisted)
   * @throws IllegalArgumentException if {@code result} is a Deferred (chain it instead)
   */
  public void callback(T result) {
    if (result instanceof Deferred<?>) {
      throw new IllegalArgumentException(
          "a Deferred is never fired with a Deferred; return it from a callback to chain it");
    }
    start(result);
  }

  /**
   * Fires this Deferred with a Failure wrapping {@code error}.
   *
   * @param error the exception the chain goes on with
   * @throws AlreadyCalledException if it already fired (see {@link #callback})
   */
  public void errback(Throwable error) {
    start(new Failure(error));
  }

  /**
   * Fires this Deferred with {@code failure}.
   *
   * @param failure the Failure the chain goes on with
   * @throws AlreadyCalledException if it already fired (see {@link #callback})
   */
  public void errback(Failure failure) {
    start(Objects.requireNonNull(failure, "failure"));
  }

  private void start(Object value) {
    if (called) {
      if (suppressAlreadyCalled) {
        suppressAlreadyCalled = false;
        return;
      }
      throw new AlreadyCalledException();
    }
    called = true;
    canceller = null;
    chainedTo = null;
    result = value;
    runCallbacks();
  }

  /**
   * True once {@link #callback} or {@link #errback} has been called.
   *
   * @return whether it has fired
   */
  public boolean isCalled() {
    return called;
  }

  /**
   * True while {@link #pause()}d or waiting on a chained inner Deferred.
   *
   * @return whether the chain is stopped for now
   */
  public boolean isPaused() {
    return pauseCount > 0 || waitingOn != null;
  }

  /**
   * True when the chain has run to its end and stopped on a {@link Failure} that no errback has
   * handled yet: the Failure that would be reported as "Unhandled error in Deferred" if this
   * Deferred were garbage-collected now (see {@link UnhandledErrors}). False while the chain
   * still runs, waits or is paused, and once a Failure was handled or flushed.
   *
   * @return whether this Deferred holds an unhandled Failure now
   */
  public boolean hasUnhandledFailure() {
    return reporter != null && reporter.failure != null;
  }

  // ---------------------------------------------------------------- the chain

  /**
   * Adds a success callback; a Failure passes it by untouched.
   *
   * <p>A callback that returns a Deferred chains at run time, as in Twisted, but Java types the
   * next step as that Deferred rather than its result: use {@link #addCallbackDeferred} to get
   * the next step typed as the inner result.
   *
   * @param callback the function of the current result giving the next one
   * @param <R> the next step's result type
   * @return this Deferred, typed for its next step
   */
  public <R> Deferred<R> addCallback(Callback<? super T, ? extends R> callback) {
    Objects.requireNonNull(callback, "callback");
    return addLink(new Link(callback, null, null));
  }

  /**
   * Adds an errback; a success result passes it by untouched.
   *
   * @param errback the function of the Failure; returning normally handles it
   * @return this Deferred
   */
  public Deferred<T> addErrback(Errback<? extends T> errback) {
    Objects.requireNonNull(errback, "errback");
    return addLink(new Link(null, errback, null));
  }

  /**
   * Adds a (callback, errback) pair: at most one of the two will run for this step, the one for
   * the track the result is on. As in Twisted, a null {@code errback} is a pass-through: a Failure
   * goes on to the next step untouched (so the pair is {@link #addCallback}).
   *
   * @param callback the success function (required, as in Twisted)
   * @param errback the Failure function, or null to let a Failure pass by
   * @param <R> the next step's result type
   * @return this Deferred, typed for its next step
   */
  public <R> Deferred<R> addCallbacks(
      Callback<? super T, ? extends R> callback, Errback<? extends R> errback) {
    Objects.requireNonNull(callback, "callback");
    return addLink(new Link(callback, errback, null));
  }

  /**
   * Adds the same function as callback and errback.
   *
   * <p>To observe the result and pass it on unchanged, prefer {@link #addBothPassThrough}, which
   * keeps the type {@code T}; a {@code BothCallback} that passes a Failure on must return it or
   * {@code failure.raise()}.
   *
   * @param fn the function of (value, null) on success or (null, failure) on failure
   * @param <R> the next step's result type
   * @return this Deferred, typed for its next step
   */
  @SuppressWarnings("unchecked")
  public <R> Deferred<R> addBoth(BothCallback<? super T, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn");
    return addLink(new Link(null, null, fn));
  }

  /**
   * Runs {@code observer} on whichever track the result is on, then passes the result on
   * unchanged: Twisted's {@code d.addBoth(lambda r: (log(r), r)[1])}, typed. If the observer
   * throws, the chain goes on with that exception's Failure instead.
   *
   * @param observer called with (value, null) on success or (null, failure) on failure
   * @return this Deferred, with the same result type
   */
  public Deferred<T> addBothPassThrough(BothObserver<? super T> observer) {
    Objects.requireNonNull(observer, "observer");
    return addBoth(
        (T value, Failure failure) -> {
          observer.accept(value, failure);
          return failure == null ? value : failure.<T>raise();
        });
  }

  /**
   * Adds a callback that returns a Deferred: the chain waits for it and continues with its
   * result (or Failure). This is Twisted's {@code addCallback} with a callback that returns a
   * Deferred, typed: the next step receives the inner Deferred's result type {@code R}.
   *
   * @param callback the function of the current result giving the Deferred to wait on
   * @param <R> the inner Deferred's result type
   * @return this Deferred, typed for its next step
   */
  public <R> Deferred<R> addCallbackDeferred(
      Callback<? super T, ? extends Deferred<? extends R>> callback) {
    Objects.requireNonNull(callback, "callback");
    return addLink(new Link(callback, null, null));
  }

  /**
   * Adds an errback that returns a Deferred: the chain waits for it.
   *
   * @param errback the function of the Failure giving the Deferred to wait on
   * @return this Deferred
   */
  public Deferred<T> addErrbackDeferred(Errback<? extends Deferred<? extends T>> errback) {
    Objects.requireNonNull(errback, "errback");
    return addLink(new Link(null, errback, null));
  }

  /**
   * Adds a (callback, errback) pair whose functions return Deferreds to wait on; a null
   * {@code errback} lets a Failure pass by, as in {@link #addCallbacks}.
   *
   * @param callback the success function giving the Deferred to wait on (required)
   * @param errback the Failure function giving the Deferred to wait on, or null
   * @param <R> the inner Deferreds' result type
   * @return this Deferred, typed for its next step
   */
  public <R> Deferred<R> addCallbacksDeferred(
      Callback<? super T, ? extends Deferred<? extends R>> callback,
      Errback<? extends Deferred<? extends R>> errback) {
    Objects.requireNonNull(callback, "callback");
    return addLink(new Link(callback, errback, null));
  }

  /**
   * Adds a both-track function that returns a Deferred to wait on.
   *
   * @param fn the function of (value, null) or (null, failure) giving the Deferred to wait on
   * @param <R> the inner Deferred's result type
   * @return this Deferred, typed for its next step
   */
  @SuppressWarnings("unchecked")
  public <R> Deferred<R> addBothDeferred(
      BothCallback<? super T, ? extends Deferred<? extends R>> fn) {
    Objects.requireNonNull(fn, "fn");
    return addLink(new Link(null, null, fn));
  }

  /**
   * Makes {@code other} fire with this Deferred's result at this point of the chain; this chain
   * then continues with null (as Twisted's {@code addCallbacks(d.callback, d.errback)}). Until it
   * fires, {@code other} records that it waits on this one (its {@code toString} says "waiting
   * on", as for a Deferred returned from a callback). Unlike
   * Twisted's, long runs of chained Deferreds do not recurse. If {@code other} has already fired,
   * the chain continues with an {@link AlreadyCalledException} Failure, unless {@code other} was
   * cancelled, in which case the result is dropped.
   *
   * @param other the Deferred to fire with this one's result
   * @return this Deferred, whose next callback receives null
   */
  public Deferred<Void> chainDeferred(Deferred<? super T> other) {
    Objects.requireNonNull(other, "other");
    if (other == this) {
      throw new IllegalArgumentException("a Deferred cannot be chained to itself");
    }
    if (!other.called) {
      other.chainedTo = this;
    }
    return this.<Void>addLink(new Link.ChainTo(other));
  }

  @SuppressWarnings("unchecked")
  private <R> Deferred<R> addLink(Link link) {
    append(link);
    if (called) {
      runCallbacks();
    }
    return (Deferred<R>) this;
  }

  // ---------------------------------------------------------------- pause, cancel, timeout

  /** Stops the chain from running until a matching {@link #unpause()}. */
  public void pause() {
    pauseCount++;
  }

  /**
   * Undoes one {@link #pause()}; when none remain and the Deferred has fired, the chain runs.
   *
   * @throws IllegalStateException if the Deferred is not paused by {@link #pause()}
   */
  public void unpause() {
    if (pauseCount == 0) {
      throw new IllegalStateException("unpause() without a matching pause()");
    }
    pauseCount--;
    if (pauseCount == 0 && called) {
      runCallbacks();
    }
  }

  /**
   * Cancels the operation behind this Deferred. Before it fires: runs the canceller, and if the
   * Deferred is still unfired afterwards, errbacks with {@link CancelledException}. While it waits
   * on a chained inner Deferred: cancels the inner one. After it fired: does nothing. Never
   * throws: an exception from the canceller becomes this Deferred's Failure.
   */
  public void cancel() {
    if (!called) {
      Canceller<T> c = canceller;
      if (c == null) {
        suppressAlreadyCalled = true;
      } else {
        try {
          c.cancel(this);
        } catch (Throwable t) {
          if (!called) {
            errback(t);
            return;
          }
          UnhandledFailureReporter.report("Exception in canceller of a Deferred that had fired", t);
        }
      }
      if (!called) {
        errback(new CancelledException());
      }
    } else if (waitingOn != null) {
      waitingOn.cancel();
    }
  }

  /**
   * Cancels this Deferred if it has not fired {@code timeout} from now on {@code clock}; the
   * Failure then becomes {@link TimedOutException} instead of {@link CancelledException}. The
   * timeout covers the callbacks added before this call, not those added after. The timer is
   * cancelled when the Deferred fires first. As Twisted's default, a result that is a success
   * after the cancel (a canceller that called back with a value) is kept, and a Failure other
   * than {@link CancelledException} is passed on unchanged.
   *
   * @param timeout how long to wait before cancelling
   * @param clock the clock the timer runs on
   * @return this Deferred
   */
  public Deferred<T> addTimeout(Duration timeout, Scheduler clock) {
    return addTimeout(
        timeout,
        clock,
        (T value, Failure failure, Duration t) -> {
          if (failure == null) {
            return value;
          }
          failure.trap(CancelledException.class);
          throw new TimedOutException(t);
        });
  }

  /**
   * As {@link #addTimeout(Duration, Scheduler)}, but on timeout the result at this point of the
   * chain, whatever track it is on, goes to {@code onTimeoutCancel} together with the timeout,
   * and its outcome becomes the result: Twisted's {@code addTimeout(t, clock, onTimeoutCancel)}.
   * It is called only when the timer fired (so this Deferred was cancelled by it), with
   * (value, null, timeout) when the result is a success (a canceller called back with a value, or
   * an earlier errback handled the {@link CancelledException}) and (null, failure, timeout)
   * otherwise.
   *
   * @param timeout how long to wait before cancelling
   * @param clock the clock the timer runs on
   * @param onTimeoutCancel decides the result after a timeout; it may return, throw or return a
   *     Failure
   * @return this Deferred
   */
  public Deferred<T> addTimeout(
      Duration timeout, Scheduler clock, OnTimeoutCancel<T> onTimeoutCancel) {
    DeferredTimeout.arm(this, timeout, clock, onTimeoutCancel);
    return this;
  }

  /**
   * As {@link #addTimeout(Duration, Scheduler, OnTimeoutCancel)}, for a handler of the Failure
   * only: after a timeout, a Failure (usually a {@link CancelledException}) goes to
   * {@code onTimeoutCancel}, whose outcome becomes the result, while a success result is kept
   * without calling it. This differs from Twisted, which calls its handler on both tracks, on
   * purpose: a handler of one Failure has no parameter for a value, and this form serves the
   * common case of turning the timeout's {@link CancelledException} into an error of the
   * caller's own. Use the {@link OnTimeoutCancel} form for Twisted's behaviour.
   *
   * @param timeout how long to wait before cancelling
   * @param clock the clock the timer runs on
   * @param onTimeoutCancel decides the result of a Failure after a timeout
   * @return this Deferred
   */
  public Deferred<T> addTimeout(
      Duration timeout, Scheduler clock, Errback<? extends T> onTimeoutCancel) {
    Objects.requireNonNull(onTimeoutCancel, "onTimeoutCancel");
    return addTimeout(
        timeout,
        clock,
        (T value, Failure failure, Duration t) ->
            failure == null ? value : onTimeoutCancel.apply(failure));
  }

  /**
   * The handler of {@link #addTimeout(Duration, Scheduler, OnTimeoutCancel)}: Twisted's
   * {@code onTimeoutCancel(result, timeout)}, with the result split by track as in
   * {@link BothCallback}.
   *
   * @param <T> the result type
   */
  @FunctionalInterface
  public interface OnTimeoutCancel<T> {
    /**
     * Decides the result after the timer cancelled the Deferred.
     *
     * @param value the success value, or null on the error track
     * @param failure the Failure, or null on success
     * @param timeout the timeout that expired
     * @return the new result
     * @throws Exception to go on with this exception's Failure
     */
    T apply(T value, Failure failure, Duration timeout) throws Exception;
  }

  // ---------------------------------------------------------------- the runner

  /**
   * Runs as much of the chain as can run now. One loop over an explicit stack of Deferreds: when
   * a Deferred that others wait on gets its result, the waiting one is pushed and continued in
   * the same loop rather than by a nested call.
   *
   * <p>This is the one method over 80 lines, on purpose: it is the hot loop every callback of
   * every Deferred runs through, and keeping the continuation and chain hand-offs inline (rather
   * than in helpers that would have to return two values: the next Deferred and whether the
   * current one finished) keeps it one flat loop with no allocation per step.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void runCallbacks() {
    if (running) {
      return;
    }
    ArrayList<Deferred<?>> chain = null;
    Deferred current = this;
    while (current != null) {
      if (current.isPaused()) {
        return;
      }
      boolean finished = true;
      Link link;
      while ((link = current.poll()) != null) {
        if (link instanceof Link.Continuation next) {
          Deferred waiter = next.waiter;
          waiter.result = current.result;
          waiter.waitingOn = null;
          current.result = null;
          current.clearUnhandled();
          chain = push(chain, current);
          current = waiter;
          finished = false;
          break;
        }
        if (link instanceof Link.ChainTo chained) {
          Deferred target = chained.target;
          if (target.called) {
            if (target.suppressAlreadyCalled) {
              target.suppressAlreadyCalled = false;
              current.result = null;
            } else {
              current.result = new Failure(new AlreadyCalledException());
            }
            continue;
          }
          target.called = true;
          target.canceller = null;
          target.chainedTo = null;
          target.result = current.result;
          current.result = null;
          current.clearUnhandled();
          if (target.isPaused()) {
            // As Twisted's target.callback(result) on a paused target: the result waits there
            // for unpause(), and this chain carries on with null instead of stalling.
            continue;
          }
          chain = push(chain, current);
          current = target;
          finished = false;
          break;
        }
        Object in = current.result;
        boolean failed = in instanceof Failure;
        if (!link.handles(failed)) {
          continue;
        }
        Object out;
        current.running = true;
        try {
          out = link.run(in, failed);
        } catch (Throwable t) {
          out = (in instanceof Failure f && f.value() == t) ? f : new Failure(t);
        } finally {
          current.running = false;
        }
        if (out == current) {
          out =
              new Failure(
                  new IllegalStateException(
                      "a callback returned the Deferred it is attached to; the chain would hang"));
        }
        current.result = out;
        if (out instanceof Deferred inner) {
          if (!inner.called || inner.isPaused()) {
            current.waitingOn = inner;
            current.result = null;
            inner.append(new Link.Continuation(current));
            break;
          }
          current.result = inner.result;
          inner.result = null;
          inner.clearUnhandled();
        }
      }
      if (finished) {
        if (current.result instanceof Failure f) {
          current.trackUnhandled(f);
        } else {
          current.clearUnhandled();
        }
        current = (chain == null || chain.isEmpty()) ? null : chain.remove(chain.size() - 1);
      }
    }
  }

  /** Puts {@code link} at the end of the chain still to run. */
  private void append(Link link) {
    if (tail == null) {
      head = link;
    } else {
      tail.next = link;
    }
    tail = link;
  }

  /** Takes the first link of the chain still to run, or null. */
  private Link poll() {
    Link l = head;
    if (l != null) {
      Link n = l.next;
      head = n;
      if (n == null) {
        tail = null;
      } else {
        l.next = null;
      }
    }
    return l;
  }

  private static ArrayList<Deferred<?>> push(ArrayList<Deferred<?>> chain, Deferred<?> d) {
    if (chain == null) {
      chain = new ArrayList<>();
    }
    chain.add(d);
    return chain;
  }

  private void trackUnhandled(Failure failure) {
    if (reporter == null) {
      reporter = UnhandledFailureReporter.watch(this);
    }
    reporter.set(failure);
  }

  private void clearUnhandled() {
    if (reporter != null) {
      reporter.failure = null;
    }
  }

  @Override
  public String toString() {
    String state;
    if (waitingOn != null) {
      state = "waiting on " + waitingOn;
    } else if (chainedTo != null && !called) {
      state = "waiting on Deferred@" + Integer.toHexString(System.identityHashCode(chainedTo));
    } else if (!called) {
      state = "pending";
    } else {
      state = "current result: " + result;
    }
    return "Deferred@" + Integer.toHexString(System.identityHashCode(this)) + "{" + state + "}";
  }
}
