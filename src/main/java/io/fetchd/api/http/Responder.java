package io.fetchd.api.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.fetchd.api.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;

/**
 * The answer to one request: a complete response ({@link #json}, {@link #text}, {@link #error})
 * or, for the handlers of {@code io.fetchd.api.route}, a chunked stream. Exactly one response per
 * request; when it has been written, the connection goes on to the next request (keep-alive) or
 * is closed.
 *
 * <p>A {@code HEAD} request is answered as its {@code GET} would be, headers only (RFC 9110
 * 9.3.2): a complete response keeps the {@code Content-Length} of the body it would have had; a
 * stream sends its head and an empty end, and its chunks are dropped unwritten.
 *
 * <p>Every response is reported once to the server's {@link ApiObserver}: a refusal when it is
 * decided, and the route template, status and elapsed time once the last byte is written (or the
 * response is abandoned).
 *
 * <p>Buffer ownership: the response and its buffers pass to Netty on write; a failed write is
 * released by Netty. Thread rule: reactor thread only.
 */
public final class Responder {
  private static final System.Logger LOG = System.getLogger(Responder.class.getName());

  /** Writes a JSON document. */
  @FunctionalInterface
  public interface JsonBody {
    void writeTo(JsonGenerator g) throws IOException;
  }

  /** Told once when the response is over: written (then maybe keep-alive) or abandoned. */
  interface Completion {
    void done(boolean keepAlive);
  }

  private final ChannelHandlerContext ctx;
  /** The request's version: HTTP/1.0 gets no chunked coding and an explicit keep-alive. */
  private final HttpVersion requestVersion;
  /** Every response is HTTP/1.1 (RFC 9112 2.5: the highest version the server conforms to). */
  private final HttpVersion version = HttpVersion.HTTP_1_1;
  private final boolean keepAlive;
  private final Completion completion;
  private final GuardedObserver observer;
  private final String method;
  private final long startNanos;
  private final boolean headOnly;
  private String route = ApiObserver.UNMATCHED;
  private int status = ApiObserver.NO_RESPONSE;
  private Runnable onChannelChange;
  private boolean committed;
  private boolean completed;

  /**
   * @param requestVersion the request's version (1.0 or 1.1; the response is always HTTP/1.1)
   * @param method the request's method ({@code HEAD} makes every response headers-only)
   * @param startNanos {@link System#nanoTime()} when the request was dispatched
   */
  Responder(
      ChannelHandlerContext ctx,
      HttpVersion requestVersion,
      boolean keepAlive,
      GuardedObserver observer,
      String method,
      long startNanos,
      Completion completion) {
    this.ctx = ctx;
    this.requestVersion = requestVersion;
    this.keepAlive = keepAlive;
    this.observer = observer;
    this.method = method;
    this.startNanos = startNanos;
    this.headOnly = "HEAD".equals(method);
    this.completion = completion;
  }

  /** Answers {@code status} with a JSON body. */
  public void json(int status, JsonBody body) {
    send(jsonResponse(HttpResponseStatus.valueOf(status), body));
  }

  /** Answers {@code status} with a UTF-8 text body of {@code contentType}. */
  public void text(int status, String contentType, CharSequence body) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            version, HttpResponseStatus.valueOf(status), ByteBufUtil.writeUtf8(alloc(), body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    send(r);
  }

  /**
   * Answers with the API's error shape {@code {"error":{"type","message"}}}. A {@code type} of the
   * API's own (e.g. {@code BadRequest} with 400) counts as that refusal for the {@link
   * ApiObserver}.
   */
  public void error(int status, String type, String message) {
    ErrorType known = ErrorType.lookup(type, status);
    if (known != null && !committed) {
      String reason = known.rejectReason();
      if (reason != null) {
        observer.requestRejected(reason);
      }
    }
    json(
        status,
        g -> {
          g.writeStartObject();
          g.writeObjectFieldStart("error");
          g.writeStringField("type", type);
          if (message != null) {
            g.writeStringField("message", message);
          }
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  /** True while the client's connection is open. */
  public boolean isOpen() {
    return ctx.channel().isActive();
  }

  // ------------------------------------------------------------------ package-private

  public Channel channel() {
    return ctx.channel();
  }

  public ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  /** True when the request is {@code HEAD}: whatever is written, only the head goes out. */
  public boolean isHeadOnly() {
    return headOnly;
  }

  /** Names the route template this request matched, for the {@link ApiObserver}. */
  public void route(String template) {
    this.route = template;
  }

  /**
   * Runs {@code r} whenever the connection's writability changes or it closes, until the response
   * is over (a streaming response resumes with it; see {@code NdjsonFetchResponse}).
   */
  public void onChannelChange(Runnable r) {
    this.onChannelChange = r;
  }

  /** Called by the dispatcher: the channel became (un)writable or closed. */
  void channelChanged() {
    Runnable r = onChannelChange;
    if (r != null && !completed) {
      r.run();
    }
  }

  public FullHttpResponse jsonResponse(HttpResponseStatus status, JsonBody body) {
    return jsonResponse(status, Json.render(alloc(), body::writeTo));
  }

  /** A complete {@code application/json} response of {@code content} (whose ownership it takes). */
  public FullHttpResponse jsonResponse(HttpResponseStatus status, ByteBuf content) {
    FullHttpResponse r = new DefaultFullHttpResponse(version, status, content);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    return r;
  }

  /** Answers with an API error; after the response has begun, can only abort the connection. */
  void fail(ApiException e) {
    if (committed) {
      LOG.log(System.Logger.Level.DEBUG, "error after the response began; closing: {0}", e.getMessage());
      abort();
      return;
    }
    observer.rejected(e);
    FullHttpResponse r = ErrorMapper.response(alloc(), version, e);
    send(r, keepAlive && !e.closeConnection());
  }

  /** Writes a complete response (taking ownership of it). */
  public void send(FullHttpResponse r) {
    send(r, keepAlive);
  }

  private void send(FullHttpResponse r, boolean alive) {
    if (committed) {
      r.release();
      throw new IllegalStateException("a response was already sent for this request");
    }
    committed = true;
    status = r.status().code();
    HttpUtil.setContentLength(r, r.content().readableBytes());
    connection(r, alive);
    if (headOnly) {
      FullHttpResponse head = r.replace(Unpooled.EMPTY_BUFFER);
      r.release();
      r = head;
    }
    ctx.writeAndFlush(r).addListener(f -> complete(f.isSuccess() && alive, f.cause()));
  }

  /** Sends the head of a chunked response; the body follows with {@link #writeChunk}. */
  public void startStream(HttpResponseStatus status, CharSequence contentType) {
    if (committed) {
      throw new IllegalStateException("a response was already sent for this request");
    }
    committed = true;
    this.status = status.code();
    HttpResponse r = new DefaultHttpResponse(version, status);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    if (chunked()) {
      HttpUtil.setTransferEncodingChunked(r, true);
      connection(r, keepAlive);
    } else {
      connection(r, false); // the close ends the body
    }
    ctx.writeAndFlush(r).addListener(f -> {
      if (!f.isSuccess()) {
        abort();
      }
    });
  }

  /**
   * Writes and flushes one chunk (taking ownership of {@code content}); for {@code HEAD}, releases
   * it and returns a succeeded future.
   */
  public ChannelFuture writeChunk(ByteBuf content) {
    if (headOnly) {
      content.release();
      return ctx.newSucceededFuture();
    }
    return ctx.writeAndFlush(new DefaultHttpContent(content));
  }

  /** Writes the last chunk (taking ownership of {@code content}) and ends the response. */
  public void endStream(ByteBuf content) {
    LastHttpContent last;
    if (headOnly) {
      content.release();
      last = LastHttpContent.EMPTY_LAST_CONTENT;
    } else {
      last = new DefaultLastHttpContent(content);
    }
    ctx.writeAndFlush(last).addListener(f -> complete(f.isSuccess() && keepAlive && chunked(), f.cause()));
  }

  /**
   * The {@code Connection} header of an HTTP/1.1 response to a request of {@link #requestVersion}:
   * {@code close} whenever the connection ends after it, {@code keep-alive} for an HTTP/1.0 client
   * that keeps it (1.0 closes by default), none for an HTTP/1.1 one.
   */
  private void connection(HttpResponse r, boolean alive) {
    if (!alive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (requestVersion.equals(HttpVersion.HTTP_1_0)) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    } else {
      r.headers().remove(HttpHeaderNames.CONNECTION);
    }
  }

  /** False for an HTTP/1.0 request: its streamed answer is delimited by the close instead. */
  private boolean chunked() {
    return !requestVersion.equals(HttpVersion.HTTP_1_0);
  }

  /** Gives up on the response: closes the connection. */
  public void abort() {
    ctx.close();
    complete(false, null);
  }

  private void complete(boolean alive, Throwable writeFailure) {
    if (completed) {
      return;
    }
    completed = true;
    onChannelChange = null;
    if (writeFailure != null) {
      LOG.log(System.Logger.Level.DEBUG, "response write failed: {0}", writeFailure.toString());
    }
    observer.completed(route, method, status, startNanos);
    completion.done(alive);
  }
}
