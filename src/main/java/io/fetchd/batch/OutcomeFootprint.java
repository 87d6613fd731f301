package io.fetchd.batch;

import io.fetchd.client.FailureDetails;
import io.fetchd.client.FetchException;
import io.fetchd.client.FetchResult;
import io.fetchd.client.Header;
import io.fetchd.client.Hop;
import io.fetchd.client.TlsInfo;
import io.fetchd.client.Timings;
import java.time.Duration;
import java.util.List;

/**
 * What holding one URL of a batch costs the heap, estimated from the shapes of the objects (a
 * 64-bit JVM with compressed references, strings counted as two bytes a character so that any
 * coder is covered). It errs high: it is what the memory budget reserves for results that wait
 * for their client, and a test measures it against the real object graphs.
 *
 * <p>A kept body's bytes are not included: they are counted on their own, as {@code kept_bodies}.
 *
 * <p>Stateless; any thread.
 */
public final class OutcomeFootprint {
  private static final long OBJECT = 16;
  private static final long REF = 4;
  private static final long STRING = 48;
  private static final long DURATION = 24;
  private static final long TIMINGS = 40 + 7 * DURATION;
  /**
   * A cause from below the fetcher (an I/O or TLS exception) with its backtrace: JOL measures
   * about 3.5 KB for Netty's connect failure, counting the class mirrors its frames point at.
   */
  private static final long CAUSE = 3_600;
  /** A URL's outcome before its URL and result: the record and the batch's slots for it. */
  private static final long OUTCOME = 64;

  private OutcomeFootprint() {}

  /** What a URL costs before its outcome arrives: its string and its slots in the batch. */
  public static long pending(String url) {
    return OUTCOME + string(url);
  }

  /**
   * What a URL costs once {@code o} has arrived: {@link #pending} plus the result or failure
   * (without a kept body).
   */
  public static long of(UrlOutcome o) {
    return pending(o.url()) + result(o.result()) + failure(o.error());
  }

  private static long result(FetchResult r) {
    if (r == null) {
      return 0;
    }
    long n = 96 + string(r.finalUrl()) + string(r.contentType()) + durations(r.attemptLatencies())
        + hops(r.hops()) + tls(r.tls()) + timings(r.timings());
    n += list(r.headers());
    for (Header h : r.headers()) {
      n += 24 + string(h.name()) + string(h.value());
    }
    return n;
  }

  private static long failure(FetchException e) {
    if (e == null) {
      return 0;
    }
    long n = 64 + string(e.getMessage()) + (e.getCause() == null ? 0 : CAUSE);
    FailureDetails d = e.details();
    if (d != null) {
      n += 40 + string(d.lastUrl()) + durations(d.attemptLatencies()) + hops(d.hops()) + timings(d.timings());
    }
    return n;
  }

  private static long hops(List<Hop> hops) {
    long n = list(hops);
    for (Hop h : hops) {
      n += 32 + string(h.url()) + timings(h.timings());
    }
    return n;
  }

  private static long tls(TlsInfo t) {
    return t == null ? 0 : 40 + string(t.protocol()) + string(t.cipherSuite()) + 24 + string(t.hopUrl());
  }

  private static long timings(Timings t) {
    return t == null ? 0 : TIMINGS;
  }

  private static long durations(List<Duration> ds) {
    return list(ds) + (long) ds.size() * DURATION;
  }

  private static long list(List<?> l) {
    return l == null ? 0 : OBJECT + 16 + REF * l.size() + 8;
  }

  private static long string(String s) {
    return s == null ? 0 : STRING + 2L * s.length();
  }
}
