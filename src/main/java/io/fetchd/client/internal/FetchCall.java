package io.fetchd.client.internal;

import io.fetchd.client.DeadlineExceededException;
import io.fetchd.client.FailureDetails;
import io.fetchd.client.FetchCancelledException;
import io.fetchd.client.FetchException;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.Header;
import io.fetchd.client.HttpStatusException;
import io.fetchd.client.InvalidRequestException;
import io.fetchd.client.InvalidUrlException;
import io.fetchd.client.Phase;
import io.fetchd.client.Timings;
import io.fetchd.client.TlsInfo;
import io.fetchd.client.internal.AttemptStage.AttemptResult;
import io.fetchd.client.url.FetchUrl;
import io.fetchd.client.url.HeaderSyntaxException;
import io.fetchd.client.url.HeaderValidator;
import io.fetchd.client.url.UrlException;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Failure;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The call driver of one fetch: checks the request, arms the deadline, runs the stage chain
 * ({@link RedirectStage} over {@link RetryStage} over {@link AttemptStage}) and turns its outcome
 * into the fetch's result. Every outcome passes through exactly one of {@link #succeed} or {@link
 * #fail}; a cancel, the deadline or a failure cancels the chain, which gives back what it holds
 * before the failure's details are written. Reactor thread only.
 */
final class FetchCall {
  private final FetcherCore core;
  private final Call call;
  private final Deferred<FetchResult> result;
  private DelayedCall deadlineTimer;
  /** The stage chain, while it runs. */
  private Deferred<?> running;

  FetchCall(FetcherCore core, FetchRequest request) {
    this.core = core;
    this.call = new Call(request, core.clock.nanoTime(), core.random);
    this.result = new Deferred<>(d -> fail(new FetchCancelledException("fetch cancelled"), null));
  }

  /** What the caller waits on; fires once, when the fetch ends. */
  Deferred<FetchResult> result() {
    return result;
  }

  /**
   * Checks the request and arms the deadline: an invalid URL or header fails the fetch here, at
   * once. Returns false if the fetch is over (it failed).
   */
  boolean prepare() {
    try {
      call.url = FetchUrl.parse(call.request.url());
      for (Header h : call.options.headers()) {
        HeaderValidator.validateName(h.name());
        HeaderValidator.validateValue(h.name(), h.value());
      }
    } catch (UrlException e) {
      fail(InvalidUrlException.of(e), null);
      return false;
    } catch (HeaderSyntaxException e) {
      fail(new InvalidRequestException(e.getMessage()), null);
      return false;
    }
    call.firstUrl = call.url;
    call.method = call.options.method();
    Duration deadline = call.options.timeouts().deadline();
    deadlineTimer = core.clock.callLater(deadline, () -> fail(new DeadlineExceededException(
        "fetch did not finish within its " + deadline.toMillis() + " ms deadline"), null));
    return true;
  }

  /** Runs the stage chain, unless the fetch ended meanwhile. */
  void begin() {
    if (call.done) {
      return;
    }
    Deferred<AttemptResult> chain = core.redirects.run(call);
    running = chain;
    chain.addBoth((AttemptResult r, Failure f) -> {
      if (!call.done) {
        if (f == null) {
          finish(r);
        } else {
          fail(Errors.asFetchException(f.value()), null);
        }
      }
      return null; // the outcome is the result's, never also an unhandled error
    });
  }

  private void finish(AttemptResult last) {
    FetchResult r = buildResult(last);
    if (r.ok()) {
      succeed(r);
    } else {
      fail(new HttpStatusException(r.status(), r), r);
    }
  }

  private void succeed(FetchResult r) {
    if (call.done) {
      return;
    }
    call.done = true;
    core.finished();
    stopTimer();
    core.events.observe(() -> core.events.listener.succeeded(call.request, r));
    result.callback(r);
  }

  private void fail(FetchException error, FetchResult response) {
    if (call.done) {
      return;
    }
    call.done = true;
    core.finished();
    stopTimer();
    if (running != null) {
      running.cancel(); // gives back the attempt's slots and connection, records its latency
    }
    long now = core.clock.nanoTime();
    call.endAttempt(now); // an attempt this failure cut short counts as made
    Duration total = Duration.ofNanos(now - call.startNanos);
    Attempt a = call.attempt;
    error.attachDetails(
        new FailureDetails(
            call.firstUrl == null ? call.request.url() : call.firstUrl.toString(),
            call.url == null ? call.request.url() : call.url.toString(),
            call.attemptLatencies.size(),
            call.attemptLatencies,
            call.hops,
            new Timings(
                AttemptStage.nanos(call.queueNanosTotal > 0 ? call.queueNanosTotal : -1),
                AttemptStage.nanos(a == null ? -1 : a.nanos(Phase.DNS)),
                AttemptStage.nanos(a == null ? -1 : a.nanos(Phase.CONNECT)),
                AttemptStage.nanos(a == null ? -1 : a.nanos(Phase.TLS)),
                null,
                null,
                total)));
    core.events.observe(() -> core.events.listener.failed(call.request, error, total, response));
    if (!result.isCalled()) {
      result.errback(error);
    }
  }

  private void stopTimer() {
    if (deadlineTimer != null && deadlineTimer.isActive()) {
      deadlineTimer.cancel();
    }
    deadlineTimer = null;
  }

  private FetchResult buildResult(AttemptResult last) {
    Response r = last.response();
    List<Header> headers = List.of();
    if (call.options.keepHeaders()) {
      headers = new ArrayList<>(r.headers().size());
      for (Map.Entry<String, String> e : r.headers()) {
        headers.add(new Header(e.getKey(), e.getValue()));
      }
    }
    Timings hop = last.timings();
    Duration total = Duration.ofNanos(core.clock.nanoTime() - call.startNanos);
    Timings timings = new Timings(
        AttemptStage.nanos(call.queueNanosTotal), hop.dns(), hop.connect(), hop.tls(), hop.ttfb(), hop.transfer(), total);
    TlsInfo tls = last.tls();
    return new FetchResult(
        call.firstUrl.toString(),
        call.url.toString(),
        r.status(),
        headers,
        r.headers().get(HttpHeaderNames.CONTENT_TYPE),
        r.bytes(),
        r.sha256(),
        r.body(),
        call.attemptLatencies.size(),
        call.attemptLatencies,
        last.reused(),
        call.hops,
        tls == null
            ? null
            : new TlsInfo(tls.protocol(), tls.cipherSuite(), tls.certificateNotAfter(), call.url.redacted()),
        timings);
  }
}
