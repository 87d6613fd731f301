package io.fetchd.bench.contenders;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drives a thread-safe asynchronous client with at most {@code concurrency} requests outstanding:
 * the calling thread takes a permit, starts fetch {@code i}, and the completion (on the client's
 * own thread) records it and gives the permit back. Every wait is bounded.
 *
 * <p>Thread rule: {@link #drive} runs on the caller's thread; completions may come on any thread.
 */
final class Window {
  private Window() {}

  /** Starts one fetch; the client calls {@code done} exactly once. */
  interface Launcher {
    void start(int index, String url, Completion done);
  }

  /** How a fetch ended: body bytes read, or an error (null for a 2xx response). */
  interface Completion {
    void complete(long bytes, String error);
  }

  /** Runs {@code count} fetches (URL {@code i} is {@code run.url(i)}); returns the outcome. */
  static Run.Outcome drive(Run run, int count, int concurrency, long timeoutSeconds, Launcher launcher)
      throws InterruptedException, TimeoutException {
    Run.Outcome o = new Run.Outcome(count);
    Semaphore permits = new Semaphore(concurrency);
    CountDownLatch finished = new CountDownLatch(count);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long cpu0 = Run.processCpuNanos();
    java.util.Map<String, Long> threads0 = Run.threadCpuNanos(ProcessHandle.current().pid());
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException("no free slot within " + timeoutSeconds + " s at fetch " + i);
      }
      int index = i;
      long t0 = System.nanoTime();
      boolean[] once = new boolean[1];
      try {
        launcher.start(index, run.url(index), (bytes, error) -> {
          synchronized (once) {
            if (once[0]) {
              return;
            }
            once[0] = true;
          }
          o.record(index, System.nanoTime() - t0, bytes, error);
          permits.release();
          finished.countDown();
        });
      } catch (RuntimeException e) {
        o.record(index, System.nanoTime() - t0, 0, e.toString());
        permits.release();
        finished.countDown();
      }
    }
    if (!finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw new TimeoutException(finished.getCount() + " fetches unfinished after " + timeoutSeconds + " s");
    }
    o.elapsed(System.nanoTime() - start);
    o.cpu(Run.processCpuNanos() - cpu0);
    o.put("cpu_threads_us_per_url", Run.threadCpuPerUrl(threads0, Run.threadCpuNanos(ProcessHandle.current().pid()), count));
    return o;
  }
}
