package io.fetchd.bench;

import io.fetchd.defer.Deferred;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of the Deferred callback runner, single-threaded as it runs on the reactor.
 *
 * <ul>
 *   <li>{@link #tenStepChain}: make a Deferred, add 10 callbacks, fire it. Scored per callback
 *       ({@code @OperationsPerInvocation(10)}), so the score is callbacks per second.
 *   <li>{@link #nestedDepth10000BuildAndFire}: 10,000 Deferreds each waiting on the next (a
 *       callback returning an unfired inner Deferred), then fire the innermost so the result
 *       unwinds through all of them. One op = build + unwind.
 *   <li>{@link #nestedDepth10000FireOnly}: the same unwinding, with the nest built outside the
 *       timed region.
 * </ul>
 */
@State(Scope.Thread)
public class DeferredBenchmark {
  static final int STEPS = 10;
  static final int DEPTH = 10_000;

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(STEPS)
  public void tenStepChain(Blackhole bh) {
    Deferred<Integer> d = new Deferred<>();
    for (int i = 0; i < STEPS; i++) {
      d.addCallback(x -> x + 1);
    }
    d.callback(0);
    d.addCallback(
        x -> {
          bh.consume(x);
          return x;
        });
  }

  /** Fires the outer Deferreds so each waits on the next; returns the innermost, unfired. */
  @SuppressWarnings("unchecked")
  static Deferred<Integer> buildNest(Deferred<Integer>[] out) {
    Deferred<Integer>[] ds = new Deferred[DEPTH + 1];
    for (int i = 0; i <= DEPTH; i++) {
      ds[i] = new Deferred<>();
    }
    // Every callback is in place before its Deferred is returned to an outer one; otherwise the
    // outer one's continuation would sit first in the chain and take the result straight away.
    for (int i = 0; i < DEPTH; i++) {
      Deferred<Integer> next = ds[i + 1];
      ds[i].addCallbackDeferred(ignored -> next);
    }
    for (int i = 0; i < DEPTH; i++) {
      ds[i].callback(i);
    }
    out[0] = ds[0];
    return ds[DEPTH];
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void nestedDepth10000BuildAndFire(Blackhole bh) {
    @SuppressWarnings("unchecked")
    Deferred<Integer>[] outer = new Deferred[1];
    Deferred<Integer> innermost = buildNest(outer);
    innermost.callback(42);
    outer[0].addCallback(
        x -> {
          bh.consume(x);
          return x;
        });
  }

  /** A fresh nest per invocation, so the timed part is only the unwinding. */
  @State(Scope.Thread)
  public static class Nest {
    @SuppressWarnings("unchecked")
    final Deferred<Integer>[] outer = new Deferred[1];

    Deferred<Integer> innermost;

    @Setup(Level.Invocation)
    public void build() {
      innermost = buildNest(outer);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void nestedDepth10000FireOnly(Nest nest, Blackhole bh) {
    nest.innermost.callback(42);
    nest.outer[0].addCallback(
        x -> {
          bh.consume(x);
          return x;
        });
  }
}
