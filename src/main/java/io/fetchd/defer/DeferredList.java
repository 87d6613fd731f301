package io.fetchd.defer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Collects the results of several Deferreds into one: Twisted's {@code DeferredList}.
 *
 * <p>Build one with named options, Twisted's keyword arguments:
 *
 * <pre>{@code
 * Deferred<List<Outcome<String>>> d =
 *     DeferredList.of(pages).fireOnOneErrback().consumeErrors().deferred();
 * }</pre>
 *
 * <p>{@link #deferred()} fires once every entry has fired, with one {@link Outcome} per entry in
 * input order (not firing order). Options change when and how it fires:
 *
 * <ul>
 *   <li>{@code fireOnOneCallback}: the first entry to succeed fires it at once with a one-element
 *       list holding that entry's Outcome, whose {@link Outcome#index()} says which entry won. If
 *       no entry succeeds, it fires with the full list when the last one has fired.
 *   <li>{@code fireOnOneErrback}: the first entry to fail errbacks it at once with a
 *       {@link FirstErrorException} carrying the entry's index and Failure.
 *   <li>{@code consumeErrors}: a failed entry's chain continues with null on the success track
 *       after this list has seen the Failure, so the entry is never reported as an unhandled error.
 *       Without it the entry keeps its Failure, which its owner must still handle.
 * </ul>
 *
 * <p>As in Twisted, each entry gets one callback pair appended to its chain when the list is
 * built: callbacks added to an entry earlier shape what the list sees, and callbacks added later
 * see what the entry had (or null, for a Failure consumed by {@code consumeErrors}). An empty list
 * fires at once with an empty list, in every mode (Twisted never fires an empty list that has
 * {@code fireOnOneCallback}).
 *
 * <p>Cancelling {@link #deferred()} before it fires cancels every entry that has not yet delivered
 * its result; those entries then report (usually {@link CancelledException}) Failures like any
 * other. If the list is still unfired after that (an entry is paused, or its canceller calls it
 * back later), it errbacks with {@link CancelledException} itself. Cancelling after it fired does
 * nothing.
 *
 * <p>Thread rule: one thread, the reactor's. Build it, fire its entries and use its Deferred on
 * the thread that owns those entries.
 *
 * @param <T> the entries' result type
 */
public final class DeferredList<T> {
  private final List<Deferred<T>> entries;
  private final Outcome<T>[] outcomes;
  private final boolean fireOnOneCallback;
  private final boolean fireOnOneErrback;
  private final boolean consumeErrors;
  private final Deferred<List<Outcome<T>>> result;
  private int finished;

  /**
   * Starts building a list over {@code deferreds}, every option off until named.
   *
   * @param deferreds the entries (copied when the list is built)
   * @param <T> the entries' result type
   * @return a builder; {@link Builder#deferred()} gives the list's Deferred
   */
  public static <T> Builder<T> of(List<? extends Deferred<T>> deferreds) {
    return new Builder<>(deferreds);
  }

  /**
   * As {@link #of(List)} for entries given one by one.
   *
   * @param deferreds the entries
   * @param <T> the entries' result type
   * @return a builder
   */
  @SafeVarargs
  public static <T> Builder<T> of(Deferred<T>... deferreds) {
    return new Builder<>(List.of(deferreds));
  }

  /**
   * The options of a {@link DeferredList}, named as Twisted's keyword arguments; each defaults to
   * off. The list is built (and callbacks added to the entries) by {@link #build()} or
   * {@link #deferred()}, not before. Thread rule: as the list's.
   *
   * @param <T> the entries' result type
   */
  public static final class Builder<T> {
    private final List<? extends Deferred<T>> deferreds;
    private boolean fireOnOneCallback;
    private boolean fireOnOneErrback;
    private boolean consumeErrors;

    private Builder(List<? extends Deferred<T>> deferreds) {
      this.deferreds = Objects.requireNonNull(deferreds, "deferreds");
    }

    /**
     * Fires with the first success (see the class comment). Default: off.
     *
     * @return this builder
     */
    public Builder<T> fireOnOneCallback() {
      fireOnOneCallback = true;
      return this;
    }

    /**
     * Errbacks with the first Failure, as a {@link FirstErrorException}. Default: off.
     *
     * @return this builder
     */
    public Builder<T> fireOnOneErrback() {
      fireOnOneErrback = true;
      return this;
    }

    /**
     * Handles each entry's Failure once the list has seen it. Default: off.
     *
     * @return this builder
     */
    public Builder<T> consumeErrors() {
      consumeErrors = true;
      return this;
    }

    /**
     * Builds the list, adding its callbacks to the entries now.
     *
     * @return the list
     */
    public DeferredList<T> build() {
      return new DeferredList<>(deferreds, fireOnOneCallback, fireOnOneErrback, consumeErrors);
    }

    /**
     * Builds the list and returns its Deferred: {@code build().deferred()}.
     *
     * @return the Deferred that fires with the outcomes
     */
    public Deferred<List<Outcome<T>>> deferred() {
      return build().deferred();
    }
  }

  /**
   * Waits for all of {@code deferreds}, with every option off.
   *
   * @param deferreds the entries (copied)
   */
  public DeferredList(List<? extends Deferred<T>> deferreds) {
    this(deferreds, false, false, false);
  }

  /**
   * Waits for {@code deferreds} (copied: later changes to the list are not seen), with the
   * options described on the class. Prefer {@link #of(List)}, which names them.
   *
   * @param deferreds the entries
   * @param fireOnOneCallback fire with the first success
   * @param fireOnOneErrback errback with the first Failure
   * @param consumeErrors handle each entry's Failure once seen
   */
  @SuppressWarnings("unchecked")
  public DeferredList(
      List<? extends Deferred<T>> deferreds,
      boolean fireOnOneCallback,
      boolean fireOnOneErrback,
      boolean consumeErrors) {
    this.entries = List.copyOf(Objects.requireNonNull(deferreds, "deferreds"));
    this.outcomes = (Outcome<T>[]) new Outcome<?>[entries.size()];
    this.fireOnOneCallback = fireOnOneCallback;
    this.fireOnOneErrback = fireOnOneErrback;
    this.consumeErrors = consumeErrors;
    this.result = new Deferred<>(ignored -> cancelUnfinished());
    if (entries.isEmpty()) {
      result.callback(List.of());
      return;
    }
    // The options and the result are set before this loop: entries that have already fired run
    // the callbacks below right away.
    for (int i = 0; i < entries.size(); i++) {
      int index = i;
      entries.get(i).<T>addCallbacks(
          value -> {
            onSuccess(index, value);
            return value;
          },
          failure -> {
            onFailure(index, failure);
            return consumeErrors ? null : failure.raise();
          });
    }
  }

  /**
   * The Deferred that fires with the outcomes (see the class comment). Cancelling it cancels the
   * entries that have not fired.
   *
   * @return the list's Deferred
   */
  public Deferred<List<Outcome<T>>> deferred() {
    return result;
  }

  /** Same as {@code deferred().cancel()}. */
  public void cancel() {
    result.cancel();
  }

  /**
   * The number of entries.
   *
   * @return how many entries the list waits on
   */
  public int size() {
    return entries.size();
  }

  /**
   * How many entries have delivered their result so far.
   *
   * @return the count of finished entries
   */
  public int finishedCount() {
    return finished;
  }

  private void onSuccess(int index, T value) {
    record(Outcome.succeeded(index, value));
    if (result.isCalled()) {
      return;
    }
    if (fireOnOneCallback) {
      result.callback(List.of(outcomes[index]));
    } else if (finished == outcomes.length) {
      result.callback(snapshot());
    }
  }

  private void onFailure(int index, Failure failure) {
    record(Outcome.failed(index, failure));
    if (result.isCalled()) {
      return;
    }
    if (fireOnOneErrback) {
      result.errback(new FirstErrorException(index, failure));
    } else if (finished == outcomes.length) {
      result.callback(snapshot());
    }
  }

  private void record(Outcome<T> outcome) {
    outcomes[outcome.index()] = outcome;
    finished++;
  }

  private List<Outcome<T>> snapshot() {
    return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(outcomes)));
  }

  private void cancelUnfinished() {
    for (int i = 0; i < entries.size(); i++) {
      if (outcomes[i] == null) {
        entries.get(i).cancel();
      }
    }
  }

  @Override
  public String toString() {
    return "DeferredList{" + finished + "/" + entries.size() + " finished, " + result + "}";
  }
}
