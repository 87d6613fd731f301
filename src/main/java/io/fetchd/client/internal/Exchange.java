package io.fetchd.client.internal;

import io.fetchd.client.BodyMode;
import io.fetchd.client.BodyTooLargeException;
import io.fetchd.client.ConnectionResetException;
import io.fetchd.client.FetchException;
import io.fetchd.client.FirstByteTimeoutException;
import io.fetchd.client.IdleReadTimeoutException;
import io.fetchd.client.MemoryBudgetExceededException;
import io.fetchd.client.ProtocolErrorException;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.redirect.RedirectDecider;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Scheduler;
import io.fetchd.memory.MemoryBudget;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;

/**
 * One request and its response on a {@link Conn}: writes the request, enforces the first-byte
 * and idle-read timeouts and the body cap, checks the response's framing, and tells its {@link
 * Listener} once: a {@link Response} or a {@link FetchException}. Reactor thread only.
 *
 * <p>Ownership: every {@link HttpObject} handed to {@link #onMessage} is released here.
 *
 * <p>Framing is strict: a status outside 100-599, a version other than HTTP/1.0 or 1.1, more
 * than {@link #MAX_INFORMATIONAL} 1xx responses, a decoder failure, bytes after the complete
 * response, a truncated compressed stream or a close before the body is complete each end the
 * exchange as a protocol error; the connection is then closed, never pooled.
 */
final class Exchange {
  static final int MAX_INFORMATIONAL = 10;
  /** The most body bytes read and discarded from a redirect response before giving up the connection. */
  static final long MAX_DISCARDED_REDIRECT_BODY = 64 * 1024;

  private enum State {
    AWAIT_HEAD,
    AWAIT_INFORMATIONAL_END,
    BODY,
    COMPLETE,
    DONE
  }

  private final Conn conn;
  private final Scheduler clock;
  private final RequestOptions options;
  private final boolean followRedirects;
  private final BoundedDecompressor decompressor;
  private final Listener listener;
  private final MemoryBudget budget;

  private State state = State.AWAIT_HEAD;
  private boolean headRequest;
  private HttpResponse head;
  private BodySink sink;
  private boolean discarding;
  private int informational;
  private long writeNanos;
  private long firstByteNanos;
  private long lastByteNanos;
  private long lastReadNanos;
  /** One timer for the whole exchange: the first-byte deadline, then idle-read checks. */
  private DelayedCall timer;

  /** Hears how the exchange ended: exactly one call, on the reactor thread. */
  interface Listener {
    void exchangeSucceeded(Exchange exchange, Response response);

    void exchangeFailed(Exchange exchange, FetchException error);
  }

  Exchange(
      Conn conn,
      Scheduler clock,
      RequestOptions options,
      BoundedDecompressor decompressor,
      Listener listener,
      MemoryBudget budget) {
    this.budget = budget;
    this.conn = conn;
    this.clock = clock;
    this.options = options;
    this.followRedirects = options.followRedirects();
    this.decompressor = decompressor;
    this.listener = listener;
  }

  /** True once any response byte arrived (after that, a failure is never retried). */
  boolean anyResponseByte() {
    return firstByteNanos != 0;
  }

  /** Hears a final response head as decoded, before decompression touches its headers. */
  interface RawHeadListener {
    void head(int status, String version, java.util.List<io.fetchd.client.Header> headers);
  }

  private RawHeadListener rawHead;

  /** Asks to hear the raw final response head ({@link ResponseDecoder} reports it). */
  void onRawHead(RawHeadListener l) {
    rawHead = l;
  }

  /** The decoder decoded a response head; reported to the raw-head listener when final. */
  void rawHeadDecoded(HttpResponse response) {
    if (rawHead == null || response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
      return;
    }
    java.util.List<io.fetchd.client.Header> headers = new java.util.ArrayList<>(response.headers().size());
    for (java.util.Map.Entry<String, String> e : response.headers()) {
      headers.add(new io.fetchd.client.Header(e.getKey(), e.getValue()));
    }
    rawHead.head(response.status().code(), response.protocolVersion().text(), headers);
  }

  /** True when the request is a HEAD, whose response has no body whatever its headers say. */
  boolean isHead() {
    return headRequest;
  }

  /**
   * Writes {@code request}, an encoded request head (taking ownership of it), and starts the
   * timer. A failed write reaches the pipeline's exception handler, and so {@link #onError}.
   */
  void start(ByteBuf request, boolean head) {
    headRequest = head;
    conn.current = this;
    conn.uses++;
    writeNanos = clock.nanoTime();
    timer = clock.callLater(options.timeouts().firstByte(), this::onTimer);
    conn.channel.writeAndFlush(request, conn.channel.voidPromise());
  }

  void onBytes() {
    if (state == State.DONE) {
      return;
    }
    long now = clock.nanoTime();
    lastReadNanos = now;
    if (firstByteNanos == 0) {
      firstByteNanos = now;
    }
  }

  /**
   * The timer fired. Before the first byte it is the first-byte timeout; after it, an idle-read
   * check that fails the exchange after {@code idleRead} of silence or looks again when that could
   * next be true. Reads never touch the timer, so a fast response costs one schedule and one
   * cancel.
   */
  private void onTimer() {
    timer = null;
    if (state == State.DONE) {
      return;
    }
    if (firstByteNanos == 0) {
      fail(
          new FirstByteTimeoutException(
              "no response byte within " + options.timeouts().firstByte().toMillis() + " ms"));
      return;
    }
    long idleNanos = options.timeouts().idleRead().toNanos();
    long silent = clock.nanoTime() - lastReadNanos;
    if (silent >= idleNanos) {
      fail(
          new IdleReadTimeoutException(
              "no response byte for " + Duration.ofNanos(silent).toMillis() + " ms"));
    } else {
      timer = clock.callLater(Duration.ofNanos(idleNanos - silent), this::onTimer);
    }
  }

  void onMessage(HttpObject msg) {
    try {
      handle(msg);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void handle(HttpObject msg) {
    if (state == State.DONE) {
      return;
    }
    if (state == State.COMPLETE) {
      fail(new ProtocolErrorException("bytes after the complete response"));
      return;
    }
    DecoderResult decoded = msg.decoderResult();
    if (decoded.isFailure()) {
      fail(Errors.exchange(decoded.cause(), anyResponseByte()));
      return;
    }
    if (msg instanceof HttpResponse response) {
      if (!onHead(response)) {
        return;
      }
    }
    if (msg instanceof HttpContent content) {
      onContent(content);
    }
  }

  /** Returns false when the exchange ended or the head was informational. */
  private boolean onHead(HttpResponse response) {
    if (state != State.AWAIT_HEAD) {
      fail(new ProtocolErrorException("a second response head inside one response"));
      return false;
    }
    HttpVersion v = response.protocolVersion();
    if (v.majorVersion() != 1 || (v.minorVersion() != 0 && v.minorVersion() != 1)) {
      fail(new ProtocolErrorException("unsupported HTTP version " + v.text()));
      return false;
    }
    int status = response.status().code();
    if (status < 100 || status > 599) {
      fail(new ProtocolErrorException("invalid status code " + status));
      return false;
    }
    if (status < 200) {
      if (status == 101) {
        fail(new ProtocolErrorException("unexpected 101 Switching Protocols"));
        return false;
      }
      if (++informational > MAX_INFORMATIONAL) {
        fail(new ProtocolErrorException("more than " + MAX_INFORMATIONAL + " informational responses"));
        return false;
      }
      state = State.AWAIT_INFORMATIONAL_END;
      return false;
    }
    head = response;
    discarding = followRedirects && RedirectDecider.isRedirect(status);
    sink =
        discarding
            ? new BodySink(false, false)
            : new BodySink(options.body() != BodyMode.NONE, options.sha256(), budget);
    state = State.BODY;
    return true;
  }

  private void onContent(HttpContent content) {
    if (state == State.AWAIT_INFORMATIONAL_END) {
      if (content instanceof LastHttpContent) {
        state = State.AWAIT_HEAD;
      }
      return;
    }
    if (state != State.BODY) {
      fail(new ProtocolErrorException("response body without a response head"));
      return;
    }
    int n = content.content().readableBytes();
    if (n > 0) {
      long after = sink.total() + n;
      if (discarding) {
        if (after > MAX_DISCARDED_REDIRECT_BODY) {
          // Follow the redirect anyway; give up this connection rather than read on.
          conn.poisoned = true;
          complete();
          return;
        }
      } else if (after > options.maxBodyBytes()) {
        fail(
            new BodyTooLargeException(
                "body exceeds the " + options.maxBodyBytes() + "-byte cap"));
        return;
      }
      if (!sink.accept(content.content())) {
        fail(new MemoryBudgetExceededException(
            "the memory budget has no room to keep this body (" + sink.total() + " bytes kept so far);"
                + " retry later or with body: none"));
        return;
      }
    }
    if (content instanceof LastHttpContent) {
      if (decompressor.streamIncomplete()) {
        fail(new ProtocolErrorException("compressed body ended before its stream was complete"));
        return;
      }
      lastByteNanos = clock.nanoTime();
      state = State.COMPLETE;
    }
  }

  /**
   * The end of a read burst: a complete response with nothing after it is delivered now; bytes
   * the decoder still holds after it (too few to be a message yet) are a protocol error.
   */
  void onReadComplete() {
    if (state == State.COMPLETE) {
      if (conn.decoder.bufferedBytes() > 0) {
        fail(new ProtocolErrorException("bytes after the complete response"));
        return;
      }
      complete();
    }
  }

  void onInactive() {
    switch (state) {
      case COMPLETE -> {
        conn.poisoned = true;
        complete();
      }
      case DONE -> {}
      case AWAIT_HEAD, AWAIT_INFORMATIONAL_END ->
          fail(
              new ConnectionResetException(
                  anyResponseByte()
                      ? "connection closed before the response head was complete"
                      : "connection closed before any response byte"));
      case BODY -> fail(new ProtocolErrorException("connection closed before the body was complete"));
    }
  }

  void onError(Throwable cause) {
    if (state == State.COMPLETE) {
      conn.poisoned = true;
      complete();
      return;
    }
    fail(Errors.exchange(cause, anyResponseByte()));
  }

  /** Ends the exchange with {@code error} (timeouts, cancel) and closes the connection. */
  void abort(FetchException error) {
    fail(error);
  }

  private void complete() {
    if (state == State.DONE) {
      return;
    }
    if (lastByteNanos == 0) {
      lastByteNanos = clock.nanoTime();
    }
    state = State.DONE;
    stopTimers();
    conn.current = null;
    sink.releaseReservation(); // the body moves on in the result; its holder reserves it anew
    boolean keepAlive = HttpUtil.isKeepAlive(head) && !conn.poisoned;
    if (!keepAlive) {
      conn.poisoned = true;
    }
    listener.exchangeSucceeded(
        this,
        new Response(
            head.status().code(),
            head.headers(),
            sink.total(),
            discarding ? null : sink.sha256Hex(),
            discarding ? null : sink.body(),
            writeNanos,
            firstByteNanos,
            lastByteNanos));
  }

  private void fail(FetchException error) {
    if (state == State.DONE) {
      return;
    }
    state = State.DONE;
    stopTimers();
    conn.current = null;
    if (sink != null) {
      sink.releaseReservation();
    }
    conn.pool.remove(conn);
    conn.closeNow();
    listener.exchangeFailed(this, error);
  }

  private void stopTimers() {
    cancel(timer);
    timer = null;
  }

  private static void cancel(DelayedCall call) {
    if (call != null && call.isActive()) {
      call.cancel();
    }
  }
}
