package io.fetchd.client.internal;

import io.fetchd.client.BlockedAddressException;
import io.fetchd.client.ConnectFailedException;
import io.fetchd.client.ConnectRefusedException;
import io.fetchd.client.ConnectTimeoutException;
import io.fetchd.client.ConnectionResetException;
import io.fetchd.client.DeadlineExceededException;
import io.fetchd.client.FailureDetails;
import io.fetchd.client.FetchCancelledException;
import io.fetchd.client.FetchException;
import io.fetchd.client.FetchMethod;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.Header;
import io.fetchd.client.Hop;
import io.fetchd.client.HttpStatusException;
import io.fetchd.client.QueueFullException;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.Timings;
import io.fetchd.client.TlsInfo;
import io.fetchd.client.policy.BlockReason;
import io.fetchd.client.redirect.RedirectDecider;
import io.fetchd.client.redirect.RedirectDecision;
import io.fetchd.client.retry.RetryDecider;
import io.fetchd.client.url.FetchUrl;
import io.fetchd.client.url.HeaderValidator;
import io.fetchd.client.url.Host;
import io.fetchd.defer.CancelledException;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DeferredSemaphore;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Failure;
import io.fetchd.defer.QueueOverflowException;
import io.fetchd.defer.TimedOutException;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One fetch, from the URL to its outcome: hops (redirects), attempts (retries), and within each
 * attempt the phases queue, DNS, connect, TLS, request, response. Every step runs on the reactor
 * thread; a step that waits holds the Deferred it waits on in {@link #waiting} so that a cancel,
 * the deadline or a failure can stop it. Every outcome passes through exactly one of {@link
 * #succeed} or {@link #fail}.
 *
 * <p>Callbacks of an attempt carry its number; a callback from an attempt that is no longer
 * current (aborted, or the fetch ended) does nothing but give back what it was handed.
 */
final class FetchOperation {
  private final FetcherCore core;
  private final FetchRequest request;
  private final RequestOptions options;
  private final RetryDecider retry;
  private final long startNanos;
  private final Deferred<FetchResult> result;

  private final Set<FetchUrl> visited = new HashSet<>(4);
  private final List<Hop> hops = new ArrayList<>(1);
  private List<Duration> attemptLatencies = new ArrayList<>(1);
  private FetchUrl firstUrl;
  private FetchUrl url;
  private FetchMethod method;
  private boolean credentialsDropped;
  /** True once a 301, 302 or 303 redirect dropped the request body. */
  private boolean bodyDropped;
  private DelayedCall deadlineTimer;
  private DelayedCall backoffTimer;
  private boolean done;
  private long queueNanosTotal;

  // per hop
  private int retriesThisHop;
  private boolean staleRetryUsed;

  // per attempt
  private int attemptNo;
  private long attemptStart;
  private long queueStart;
  /** True from an attempt's start until its latency is recorded. */
  private boolean attemptOpen;
  private long queueNanos = -1;
  private long dnsNanos = -1;
  private long connectNanos = -1;
  private long tlsNanos = -1;
  private boolean forceFreshConnection;
  private Deferred<?> waiting;
  private OriginPool originPool;
  private boolean originSlot;
  private boolean globalSlot;
  private Conn conn;
  private boolean reused;
  private Exchange exchange;

  FetchOperation(FetcherCore core, FetchRequest request) {
    this.core = core;
    this.request = request;
    this.options = request.options();
    this.retry = new RetryDecider(options.retry(), core.random);
    this.startNanos = core.clock.nanoTime();
    this.result = new Deferred<>(d -> fail(new FetchCancelledException("fetch cancelled")));
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
      url = FetchUrl.parse(request.url());
      validateHeaders(options.headers());
    } catch (FetchException e) {
      fail(e);
      return false;
    }
    firstUrl = url;
    method = options.method();
    Duration deadline = options.timeouts().deadline();
    deadlineTimer =
        core.clock.callLater(
            deadline,
            () ->
                fail(
                    new DeadlineExceededException(
                        "fetch did not finish within its " + deadline.toMillis() + " ms deadline")));
    return true;
  }

  /** Begins the first hop (slots, connection, request), unless the fetch ended meanwhile. */
  void begin() {
    if (!done) {
      beginHop();
    }
  }

  private static void validateHeaders(List<Header> headers) throws FetchException {
    for (Header h : headers) {
      HeaderValidator.validateName(h.name());
      HeaderValidator.validateValue(h.name(), h.value());
    }
  }

  // ------------------------------------------------------------------ hops and attempts

  private void beginHop() {
    visited.add(url);
    retriesThisHop = 0;
    staleRetryUsed = false;
    attemptLatencies = new ArrayList<>(1);
    beginAttempt();
  }

  private void beginAttempt() {
    if (done) {
      return;
    }
    int id = ++attemptNo;
    attemptStart = core.clock.nanoTime();
    attemptOpen = true;
    queueNanos = -1;
    dnsNanos = -1;
    connectNanos = -1;
    tlsNanos = -1;
    reused = false;
    conn = null;
    exchange = null;
    Optional<BlockReason> refused = core.policy.checkLiteral(url);
    if (refused.isPresent()) {
      fail(blocked(refused.get(), url.hostString()));
      return;
    }
    originPool = core.pool(url.origin());
    queueStart = core.clock.nanoTime();
    if (originPool.slots.tryAcquire()) {
      onOriginSlot(id);
    } else {
      waitForSlot(id, originPool.slots, true);
    }
  }

  private boolean current(int id) {
    return !done && id == attemptNo;
  }

  private void onOriginSlot(int id) {
    originSlot = true;
    if (core.globalSlots.tryAcquire()) {
      onGlobalSlot(id);
    } else {
      waitForSlot(id, core.globalSlots, false);
    }
  }

  private void onGlobalSlot(int id) {
    globalSlot = true;
    queueNanos = core.clock.nanoTime() - queueStart;
    queueNanosTotal += queueNanos;
    core.listener.phase("queue", Duration.ofNanos(queueNanos));
    obtainConnection(id);
  }

  /** The slow path: no slot is free, so wait in the semaphore's bounded queue, with a timeout. */
  private void waitForSlot(int id, DeferredSemaphore slots, boolean origin) {
    Deferred<DeferredSemaphore> d = slots.acquire();
    waiting = d;
    if (!d.isCalled()) {
      d.addTimeout(options.timeouts().queue(), core.clock);
    }
    d.addCallbacks(
        s -> {
          if (!current(id)) {
            s.release();
            return null;
          }
          waiting = null;
          if (origin) {
            onOriginSlot(id);
          } else {
            onGlobalSlot(id);
          }
          return null;
        },
        f -> {
          if (current(id)) {
            fail(queueFailure(f));
          }
          return null;
        });
  }

  private FetchException queueFailure(Failure f) {
    if (f.check(QueueOverflowException.class) != null) {
      return new QueueFullException("too many requests already waiting for " + url.origin());
    }
    if (f.check(TimedOutException.class) != null) {
      return new QueueFullException(
          "waited longer than " + options.timeouts().queue().toMillis() + " ms for a connection slot");
    }
    return asFetchException(f);
  }

  private void obtainConnection(int id) {
    if (!forceFreshConnection) {
      Conn idle = originPool.pollIdle();
      if (idle != null) {
        conn = idle;
        reused = true;
        sendRequest(id);
        return;
      }
    }
    forceFreshConnection = false;
    Host host = url.host();
    if (host.isIpLiteral()) {
      InetAddress literal = literalAddress(host);
      if (options.ipPreference().choose(List.of(literal)) == null) {
        fail(Errors.dns(new UnknownHostException(
            host + " is not an address of the family asked for (" + options.ipPreference() + ")"), url.hostString()));
        return;
      }
      connect(id, literal);
      return;
    }
    String name = url.hostString();
    long dnsStart = core.clock.nanoTime();
    Deferred<List<InetAddress>> d = core.dns.resolve(name, options.timeouts().dns());
    waiting = d;
    d.addCallbacks(
        addresses -> {
          if (!current(id)) {
            return null;
          }
          waiting = null;
          dnsNanos = core.clock.nanoTime() - dnsStart;
          core.listener.phase("dns", Duration.ofNanos(dnsNanos));
          if (addresses.isEmpty()) {
            fail(Errors.dns(new UnknownHostException(name), name));
            return null;
          }
          for (InetAddress a : addresses) {
            Optional<BlockReason> r = core.policy.check(a, url.port());
            if (r.isPresent()) {
              fail(blocked(r.get(), name + " (" + a.getHostAddress() + ")"));
              return null;
            }
          }
          InetAddress chosen = options.ipPreference().choose(addresses);
          if (chosen == null) {
            fail(Errors.dns(new UnknownHostException(
                name + " has no address of the family asked for (" + options.ipPreference() + ")"), name));
            return null;
          }
          connect(id, chosen);
          return null;
        },
        f -> {
          if (current(id)) {
            onAttemptFailure(id, Errors.dns(f.value(), name));
          }
          return null;
        });
  }

  private static InetAddress literalAddress(Host host) {
    try {
      if (host instanceof Host.Ipv4 v4) {
        return InetAddress.getByAddress(v4.toBytes());
      }
      return InetAddress.getByAddress(((Host.Ipv6) host).bytes());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a parsed IP literal has a valid length", e);
    }
  }

  private void connect(int id, InetAddress address) {
    FetchUrl dialled = url;
    safely(() -> request.observer().dialing(dialled.redacted(), address));
    long connectStart = core.clock.nanoTime();
    Deferred<Conn> d =
        core.connector.connect(
            url, address, originPool, options.timeouts().connect(), options.timeouts().tlsHandshake());
    waiting = d;
    d.addCallbacks(
        c -> {
          if (!current(id)) {
            c.closeNow();
            return null;
          }
          waiting = null;
          conn = c;
          connectNanos = core.clock.nanoTime() - connectStart;
          core.listener.phase("connect", Duration.ofNanos(connectNanos));
          if (url.isHttps()) {
            handshake(id);
          } else {
            sendRequest(id);
          }
          return null;
        },
        f -> {
          if (current(id)) {
            onAttemptFailure(id, asFetchException(f));
          }
          return null;
        });
  }

  private void handshake(int id) {
    long tlsStart = core.clock.nanoTime();
    Deferred<TlsInfo> d = core.connector.handshake(conn, url);
    waiting = d;
    d.addCallbacks(
        info -> {
          if (!current(id)) {
            return null;
          }
          waiting = null;
          conn.tls = info;
          tlsNanos = core.clock.nanoTime() - tlsStart;
          if (request.observer() != io.fetchd.client.FetchObserver.NONE) {
            io.netty.handler.ssl.SslHandler tls = conn.channel.pipeline().get(io.netty.handler.ssl.SslHandler.class);
            if (tls != null) {
              javax.net.ssl.SSLSession session = tls.engine().getSession();
              FetchUrl at = url;
              safely(() -> request.observer().tlsEstablished(at.redacted(), session));
            }
          }
          core.listener.phase("tls", Duration.ofNanos(tlsNanos));
          sendRequest(id);
          return null;
        },
        f -> {
          if (current(id)) {
            onAttemptFailure(id, asFetchException(f));
          }
          return null;
        });
  }

  private void sendRequest(int id) {
    BoundedDecompressor decompressor = conn.channel.attr(Connector.DECOMPRESSOR).get();
    decompressor.passThrough(!options.decompress());
    exchange = new Exchange(conn, core.clock, options, decompressor, exchangeListener, core.budget);
    if (request.observer() != io.fetchd.client.FetchObserver.NONE) {
      FetchUrl at = url;
      exchange.onRawHead((status, version, headers) ->
          safely(() -> request.observer().responseHead(at.redacted(), status, version, headers)));
    }
    exchange.start(buildRequest(), method == FetchMethod.HEAD);
  }

  /** Hears the current attempt's exchange; an exchange that is no longer current is ignored. */
  private final Exchange.Listener exchangeListener =
      new Exchange.Listener() {
        @Override
        public void exchangeSucceeded(Exchange ex, Response response) {
          if (!done && ex == exchange) {
            onResponse(attemptNo, response);
          }
        }

        @Override
        public void exchangeFailed(Exchange ex, FetchException error) {
          if (!done && ex == exchange) {
            onAttemptFailure(attemptNo, error);
          }
        }
      };

  private ByteBuf buildRequest() {
    byte[] body = options.requestBody() == null || bodyDropped
        ? null
        : options.requestBody().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return core.requests.write(conn.channel.alloc(), method.name(), url.requestTarget(),
        url.hostHeader(), options.headers(), credentialsDropped, body, !options.decompress());
  }

  // ------------------------------------------------------------------ outcomes of an attempt

  private void onResponse(int id, Response response) {
    long now = core.clock.nanoTime();
    attemptLatencies.add(Duration.ofNanos(now - attemptStart));
    attemptOpen = false;
    Timings hopTimings = attemptTimings(response, now - attemptStart);
    boolean wasReused = reused;
    TlsInfo tls = conn.tls;
    releaseAttempt(true);
    reportPhases(hopTimings);
    int status = response.status();

    if (method.idempotent() && retry.retriesStatus(status)) {
      Optional<Duration> delay =
          retry.delay(
              retriesThisHop + 1,
              response.headers().get(HttpHeaderNames.RETRY_AFTER),
              core.wallClockMillis(),
              remaining());
      if (delay.isPresent()) {
        scheduleRetry(id, "status " + status, delay.get());
        return;
      }
    }

    hops.add(new Hop(url.toString(), status, hopTimings, wasReused));
    RedirectDecision next;
    try {
      next =
          RedirectDecider.decide(
              status,
              response.headers().get(HttpHeaderNames.LOCATION),
              url,
              method,
              options.followRedirects(),
              hops.size() - 1,
              options.maxRedirects(),
              options.detectRedirectLoops() ? visited : Set.of());
    } catch (FetchException e) {
      fail(e);
      return;
    }
    if (next.follow()) {
      core.listener.redirected(status);
      credentialsDropped |= next.dropCredentials();
      bodyDropped |= status == 301 || status == 302 || status == 303;
      url = next.next();
      method = next.method();
      beginHop();
      return;
    }
    FetchResult r = buildResult(response, hopTimings, wasReused, tls);
    if (r.ok()) {
      succeed(r);
    } else {
      fail(new HttpStatusException(status, r), r);
    }
  }

  private void onAttemptFailure(int id, FetchException error) {
    boolean anyByte = exchange != null && exchange.anyResponseByte();
    boolean wasReused = reused;
    attemptLatencies.add(Duration.ofNanos(core.clock.nanoTime() - attemptStart));
    attemptOpen = false;
    releaseAttempt(false);
    if (wasReused && !anyByte && !staleRetryUsed && error instanceof ConnectionResetException) {
      // A pooled connection the server had already closed: try once more on a fresh one.
      staleRetryUsed = true;
      forceFreshConnection = true;
      core.listener.retrying("stale_connection", Duration.ZERO);
      beginAttempt();
      return;
    }
    if (method.idempotent() && retriable(error, anyByte)) {
      Optional<Duration> delay = retry.delay(retriesThisHop + 1, null, core.wallClockMillis(), remaining());
      if (delay.isPresent()) {
        scheduleRetry(id, error.type(), delay.get());
        return;
      }
    }
    fail(error);
  }

  private static boolean retriable(FetchException e, boolean anyResponseByte) {
    return e instanceof ConnectRefusedException
        || e instanceof ConnectFailedException
        || e instanceof ConnectTimeoutException
        || (e instanceof ConnectionResetException && !anyResponseByte);
  }

  private void scheduleRetry(int id, String reason, Duration delay) {
    retriesThisHop++;
    core.listener.retrying(reason, delay);
    backoffTimer =
        core.clock.callLater(
            delay,
            () -> {
              backoffTimer = null;
              if (current(id)) {
                beginAttempt();
              }
            });
  }

  private Duration remaining() {
    long left = options.timeouts().deadline().toNanos() - (core.clock.nanoTime() - startNanos);
    return Duration.ofNanos(Math.max(0, left));
  }

  /** Gives back the attempt's slots and connection (to the pool when the exchange was clean). */
  private void releaseAttempt(boolean clean) {
    if (waiting != null) {
      Deferred<?> w = waiting;
      waiting = null;
      w.cancel();
    }
    if (exchange != null && !clean) {
      exchange.abort(new FetchCancelledException("attempt abandoned"));
    }
    if (conn != null) {
      if (clean && exchange != null) {
        originPool.release(conn);
      } else {
        originPool.remove(conn);
        conn.closeNow();
      }
    }
    conn = null;
    exchange = null;
    if (globalSlot) {
      globalSlot = false;
      core.globalSlots.release();
    }
    if (originSlot) {
      originSlot = false;
      originPool.slots.release();
    }
  }

  // ------------------------------------------------------------------ the end

  private void succeed(FetchResult r) {
    if (done) {
      return;
    }
    done = true;
    core.finished();
    stopTimers();
    safely(() -> core.listener.succeeded(request, r));
    result.callback(r);
  }

  private void fail(FetchException error) {
    fail(error, null);
  }

  private void fail(FetchException error, FetchResult response) {
    if (done) {
      return;
    }
    attemptNo++; // makes every callback of the current attempt stale
    done = true;
    core.finished();
    stopTimers();
    releaseAttempt(false);
    if (attemptOpen) {
      // The attempt this failure cut short (cancel, deadline, refusal) counts as made.
      attemptOpen = false;
      attemptLatencies.add(Duration.ofNanos(core.clock.nanoTime() - attemptStart));
    }
    Duration total = Duration.ofNanos(core.clock.nanoTime() - startNanos);
    error.attachDetails(
        new FailureDetails(
            firstUrl == null ? request.url() : firstUrl.toString(),
            url == null ? request.url() : url.toString(),
            attemptLatencies.size(),
            attemptLatencies,
            hops,
            new Timings(
                nanos(queueNanosTotal > 0 ? queueNanosTotal : -1),
                nanos(dnsNanos),
                nanos(connectNanos),
                nanos(tlsNanos),
                null,
                null,
                total)));
    safely(() -> core.listener.failed(request, error, total, response));
    if (!result.isCalled()) {
      result.errback(error);
    }
  }

  private void stopTimers() {
    if (deadlineTimer != null && deadlineTimer.isActive()) {
      deadlineTimer.cancel();
    }
    if (backoffTimer != null && backoffTimer.isActive()) {
      backoffTimer.cancel();
    }
    deadlineTimer = null;
    backoffTimer = null;
  }

  private BlockedAddressException blocked(BlockReason reason, String what) {
    core.listener.blocked(reason.metricName());
    return new BlockedAddressException(
        "destination " + what + " is refused by the address policy (" + reason.metricName() + ")");
  }

  private static FetchException asFetchException(Failure f) {
    Throwable t = f.value();
    if (t instanceof FetchException e) {
      return e;
    }
    if (t instanceof CancelledException) {
      return new FetchCancelledException("cancelled");
    }
    return Errors.exchange(t, false);
  }

  private void safely(Runnable listenerCall) {
    try {
      listenerCall.run();
    } catch (RuntimeException e) {
      core.logListenerFailure(e);
    }
  }

  // ------------------------------------------------------------------ results and timings

  private Timings attemptTimings(Response r, long attemptNanos) {
    long ttfb = r.firstByteNanos() == 0 ? -1 : r.firstByteNanos() - r.writeNanos();
    long transfer = r.firstByteNanos() == 0 ? -1 : r.lastByteNanos() - r.firstByteNanos();
    return new Timings(
        nanos(queueNanos),
        nanos(dnsNanos),
        nanos(connectNanos),
        nanos(tlsNanos),
        nanos(ttfb),
        nanos(transfer),
        Duration.ofNanos(attemptNanos));
  }

  private void reportPhases(Timings t) {
    if (t.ttfb() != null) {
      core.listener.phase("ttfb", t.ttfb());
    }
    if (t.transfer() != null) {
      core.listener.phase("transfer", t.transfer());
    }
  }

  private static Duration nanos(long n) {
    return n < 0 ? null : Duration.ofNanos(n);
  }

  private FetchResult buildResult(Response r, Timings hop, boolean wasReused, TlsInfo tls) {
    List<Header> headers = List.of();
    if (options.keepHeaders()) {
      headers = new ArrayList<>(r.headers().size());
      for (Map.Entry<String, String> e : r.headers()) {
        headers.add(new Header(e.getKey(), e.getValue()));
      }
    }
    Duration total = Duration.ofNanos(core.clock.nanoTime() - startNanos);
    Timings timings =
        new Timings(
            nanos(queueNanosTotal),
            hop.dns(),
            hop.connect(),
            hop.tls(),
            hop.ttfb(),
            hop.transfer(),
            total);
    return new FetchResult(
        firstUrl.toString(),
        url.toString(),
        r.status(),
        headers,
        r.headers().get(HttpHeaderNames.CONTENT_TYPE),
        r.bytes(),
        r.sha256(),
        r.body(),
        attemptLatencies.size(),
        attemptLatencies,
        wasReused,
        hops,
        tls == null
            ? null
            : new TlsInfo(tls.protocol(), tls.cipherSuite(), tls.certificateNotAfter(), url.redacted()),
        timings);
  }
}
