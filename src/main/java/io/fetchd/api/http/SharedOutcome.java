package io.fetchd.api.http;

import io.fetchd.defer.Deferred;
import io.fetchd.defer.Failure;
import java.util.ArrayList;
import java.util.List;

/**
 * One eventual outcome (a listener bound, a server stopped) that many callers wait for: each
 * {@link #follow} gets a Deferred of its own that fires with the same value or the same Failure,
 * however many came before it and whether they came before or after the outcome. The source's
 * outcome is consumed here, so a failure is neither turned into a success for later callers nor
 * left unhandled on the source.
 *
 * <p>Thread rule: the reactor thread (the source's).
 */
public final class SharedOutcome<T> {
  private final List<Deferred<T>> waiting = new ArrayList<>();
  private boolean done;
  private T value;
  private Failure failure;

  public SharedOutcome(Deferred<T> source) {
    source.addBoth((T v, Failure f) -> {
      done = true;
      value = v;
      failure = f;
      List<Deferred<T>> now = new ArrayList<>(waiting);
      waiting.clear();
      for (Deferred<T> d : now) {
        fire(d);
      }
      return null;
    });
  }

  /** A new Deferred with the outcome. */
  public Deferred<T> follow() {
    Deferred<T> d = new Deferred<>();
    if (done) {
      fire(d);
    } else {
      waiting.add(d);
    }
    return d;
  }

  private void fire(Deferred<T> d) {
    if (failure == null) {
      d.callback(value);
    } else {
      d.errback(failure);
    }
  }
}
