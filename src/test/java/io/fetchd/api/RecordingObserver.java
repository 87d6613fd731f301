package io.fetchd.api;

import io.fetchd.api.http.ApiObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link ApiObserver} that records what it is told, in order. Written on the reactor thread;
 * read it through {@link ApiHarness#onLoop} so every event reported so far is seen.
 */
final class RecordingObserver implements ApiObserver {
  /** One {@link #requestCompleted} call. */
  record Completed(String route, String method, int status, Duration elapsed) {
    /** The call without its elapsed time, for comparing. */
    String key() {
      return method + " " + route + " " + status;
    }
  }

  private final List<Object> events = new ArrayList<>();

  @Override
  public synchronized void requestCompleted(String routeTemplate, String method, int status, Duration elapsed) {
    events.add(new Completed(routeTemplate, method, status, elapsed));
  }

  @Override
  public synchronized void requestRejected(String reason) {
    events.add("rejected " + reason);
  }

  /** Every event so far: {@code "rejected REASON"} or {@code "METHOD ROUTE STATUS"}. */
  synchronized List<String> keys() {
    return events.stream().map(e -> e instanceof Completed c ? c.key() : (String) e).toList();
  }

  synchronized List<Completed> completed() {
    return events.stream().filter(Completed.class::isInstance).map(Completed.class::cast).toList();
  }
}
