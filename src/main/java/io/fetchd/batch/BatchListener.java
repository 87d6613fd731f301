package io.fetchd.batch;

/**
 * Hears a batch's outcomes as they happen: each URL's outcome in completion order, then the end.
 * Called on the reactor thread; implementations must be fast and never throw (an exception is
 * caught and logged).
 */
public interface BatchListener {
  BatchListener NONE = new BatchListener() {};

  /** A URL got its outcome: success through the callback track, failure through the errback track. */
  default void onOutcome(Batch batch, UrlOutcome outcome) {}

  /** Every URL has an outcome; {@link Batch#state()} says whether the batch was cancelled. */
  default void onFinished(Batch batch) {}
}
