package io.fetchd.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
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
import java.io.IOException;

/**
 * The answer to one request: a complete response ({@link #json}, {@link #text}, {@link #error})
 * or, inside this package, a chunked stream. Exactly one response per request; when it has been
 * written, the connection goes on to the next request (keep-alive) or is closed.
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
  private final HttpVersion version;
  private final boolean keepAlive;
  private final Completion completion;
  private boolean committed;
  private boolean completed;

  Responder(ChannelHandlerContext ctx, HttpVersion version, boolean keepAlive, Completion completion) {
    this.ctx = ctx;
    this.version = version;
    this.keepAlive = keepAlive;
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

  /** Answers with the API's error shape {@code {"error":{"type","message"}}}. */
  public void error(int status, String type, String message) {
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

  Channel channel() {
    return ctx.channel();
  }

  ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  boolean isCommitted() {
    return committed;
  }

  FullHttpResponse jsonResponse(HttpResponseStatus status, JsonBody body) {
    FullHttpResponse r = new DefaultFullHttpResponse(version, status, Json.render(alloc(), body::writeTo));
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
    FullHttpResponse r = ErrorMapper.response(alloc(), version, e);
    send(r, keepAlive && !e.closeConnection());
  }

  /** Writes a complete response (taking ownership of it). */
  void send(FullHttpResponse r) {
    send(r, keepAlive);
  }

  private void send(FullHttpResponse r, boolean alive) {
    if (committed) {
      r.release();
      throw new IllegalStateException("a response was already sent for this request");
    }
    committed = true;
    HttpUtil.setContentLength(r, r.content().readableBytes());
    HttpUtil.setKeepAlive(r, alive);
    ctx.writeAndFlush(r).addListener(f -> complete(f.isSuccess() && alive, f.cause()));
  }

  /** Sends the head of a chunked response; the body follows with {@link #writeChunk}. */
  void startStream(HttpResponseStatus status, CharSequence contentType) {
    if (committed) {
      throw new IllegalStateException("a response was already sent for this request");
    }
    committed = true;
    HttpResponse r = new DefaultHttpResponse(version, status);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    HttpUtil.setTransferEncodingChunked(r, true);
    HttpUtil.setKeepAlive(r, keepAlive);
    ctx.writeAndFlush(r).addListener(f -> {
      if (!f.isSuccess()) {
        abort();
      }
    });
  }

  /** Writes and flushes one chunk (taking ownership of {@code content}). */
  ChannelFuture writeChunk(ByteBuf content) {
    return ctx.writeAndFlush(new DefaultHttpContent(content));
  }

  /** Writes the last chunk (taking ownership of {@code content}) and ends the response. */
  void endStream(ByteBuf content) {
    ctx.writeAndFlush(new DefaultLastHttpContent(content))
        .addListener(f -> complete(f.isSuccess() && keepAlive, f.cause()));
  }

  /** Gives up on the response: closes the connection. */
  void abort() {
    ctx.close();
    complete(false, null);
  }

  private void complete(boolean alive, Throwable writeFailure) {
    if (completed) {
      return;
    }
    completed = true;
    if (writeFailure != null) {
      LOG.log(System.Logger.Level.DEBUG, "response write failed: {0}", writeFailure.toString());
    }
    completion.done(alive);
  }
}
