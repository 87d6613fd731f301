package io.fetchd.client.internal;

import io.fetchd.client.FetchMethod;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.Hop;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.retry.RetryDecider;
import io.fetchd.client.url.FetchUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * What the stages of one fetch share: the request, where the fetch is now (hop URL, method, what
 * a redirect dropped), what it has done so far (hops, attempt latencies, queue time) and the
 * current {@link Attempt}. Each stage writes only its own part. Reactor thread only.
 */
final class Call {
  final FetchRequest request;
  final RequestOptions options;
  final long startNanos;

  /** The URL asked for (null until parsed) and the current hop's. */
  FetchUrl firstUrl;
  FetchUrl url;
  FetchMethod method;
  /** Set once a redirect to another origin dropped the credentials. */
  boolean credentialsDropped;
  /** True once a 301, 302 or 303 redirect dropped the request body. */
  boolean bodyDropped;
  /** True once the fetch has its outcome: every stage callback then only cleans up. */
  boolean done;

  final Set<FetchUrl> visited = new HashSet<>(4);
  final List<Hop> hops = new ArrayList<>(1);
  /** The current hop's attempts, in order. */
  List<Duration> attemptLatencies = new ArrayList<>(1);
  long queueNanosTotal;
  /** The current (or last) attempt; null before the first. */
  Attempt attempt;
  /** Set by a retry that must not reuse a pooled connection (the stale-connection retry). */
  boolean forceFreshConnection;
  /** The request's retry policy with the fetcher's jitter. */
  final RetryDecider retry;
  /** Retries made in the current hop (the stale-connection retry not counted). */
  int retriesThisHop;
  /** True once the current hop used its one stale-connection retry. */
  boolean staleRetryUsed;

  Call(FetchRequest request, long startNanos, RandomGenerator random) {
    this.request = request;
    this.options = request.options();
    this.startNanos = startNanos;
    this.retry = new RetryDecider(options.retry(), random);
  }

  /** Starts a hop to {@link #url}: its attempts are counted afresh. */
  void beginHop() {
    visited.add(url);
    attemptLatencies = new ArrayList<>(1);
    retriesThisHop = 0;
    staleRetryUsed = false;
  }

  /** Starts an attempt at {@code now}; the previous one must have ended. */
  Attempt beginAttempt(long now) {
    attempt = new Attempt(now);
    return attempt;
  }

  /** Ends the current attempt at {@code now}, once: its latency is recorded. */
  void endAttempt(long now) {
    Attempt a = attempt;
    if (a != null && a.open) {
      a.open = false;
      attemptLatencies.add(Duration.ofNanos(now - a.startNanos));
    }
  }

  /** Time left before the fetch's deadline, at {@code now}. */
  Duration remaining(long now) {
    long left = options.timeouts().deadline().toNanos() - (now - startNanos);
    return Duration.ofNanos(Math.max(0, left));
  }
}
