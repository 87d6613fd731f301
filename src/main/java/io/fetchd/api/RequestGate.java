package io.fetchd.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Checks each request before anything reads its body: a decoder failure is answered here (request
 * line too long → 414 {@code UriTooLong}, head too large → 431 {@code HeadersTooLarge}, a rule of
 * {@link RequestChecker} or anything else → 400 {@code BadRequest}), a head that breaks RFC 9112
 * ({@link #checkHead}: 505 {@code VersionNotSupported}, 400 for Host, 417 {@code
 * ExpectationFailed}) is refused, and a {@code Content-Length} over the body cap gets 413 {@code
 * PayloadTooLarge} without the body being read; a request that broke a time rule ({@link
 * BodyDeadline.TimedOut}) gets 408 {@code RequestTimeout}. Each of these answers carries {@code Connection:
 * close}; the connection is closed once it is written (lingering: {@link LingeringClose}) and
 * everything after is dropped. Refusals
 * are reported to the {@link ApiObserver} as {@code bad_input} ({@link Refusals}); the request
 * time starts when the gate sees the refused message.
 *
 * <p>Buffer ownership: messages passed on belong to the next handler; refused ones are released
 * here. Thread rule: the connection's event loop.
 */
final class RequestGate extends ChannelInboundHandlerAdapter {
  private final long maxBodyBytes;
  private final Refusals refusals;
  private boolean refusing;
  /** The head of the request being received, for labelling a timeout; null between requests. */
  private HttpRequest head;
  private long headNanos;

  RequestGate(long maxBodyBytes, Refusals refusals) {
    this.maxBodyBytes = maxBodyBytes;
    this.refusals = refusals;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refusing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
      long start = System.nanoTime();
      DecoderResult result = o.decoderResult();
      ReferenceCountUtil.release(msg);
      refuse(ctx, null, forDecoderFailure(result.cause()), start);
      return;
    }
    if (msg instanceof HttpRequest r) {
      ApiException wrong = checkHead(r);
      if (wrong != null) {
        long start = System.nanoTime();
        ReferenceCountUtil.release(msg);
        refuse(ctx, r, wrong, start);
        return;
      }
    }
    if (msg instanceof HttpRequest r && HttpUtil.getContentLength(r, -1L) > maxBodyBytes) {
      long start = System.nanoTime();
      ReferenceCountUtil.release(msg);
      refuse(ctx, r, tooLarge(maxBodyBytes), start);
      return;
    }
    if (msg instanceof HttpRequest r) {
      head = r;
      headNanos = System.nanoTime();
    }
    if (msg instanceof LastHttpContent) {
      head = null;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof BodyDeadline.TimedOut t) {
      if (!refusing) {
        refuse(ctx, head, new ApiException(ErrorType.RequestTimeout, t.message).closing(),
            head == null ? System.nanoTime() : headNanos);
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  /**
   * The RFC 9112 rules on a decoded head: HTTP/1.0 or 1.1 only (505), exactly one {@code Host} on
   * HTTP/1.1 and at most one on 1.0 (400, RFC 9112 3.2), and no {@code Expect} but {@code
   * 100-continue} (417; RFC 9110 10.1.1 has HTTP/1.0 expectations ignored). Null when it passes.
   */
  static ApiException checkHead(HttpRequest r) {
    HttpVersion v = r.protocolVersion();
    if (v.majorVersion() != 1 || v.minorVersion() > 1) {
      return new ApiException(
              ErrorType.VersionNotSupported, v.text() + " is not supported; send HTTP/1.1 or HTTP/1.0")
          .closing();
    }
    int hosts = r.headers().getAll(HttpHeaderNames.HOST).size();
    if (hosts > 1 || (hosts == 0 && v.minorVersion() == 1)) {
      return new ApiException(
              ErrorType.BadRequest,
              "an HTTP/1.1 request needs exactly one Host header, this one has " + hosts)
          .closing();
    }
    if (v.minorVersion() == 1) {
      java.util.List<String> expect = r.headers().getAll(HttpHeaderNames.EXPECT);
      if (!expect.isEmpty()
          && (expect.size() > 1 || !expect.get(0).strip().equalsIgnoreCase("100-continue"))) {
        return new ApiException(
                ErrorType.ExpectationFailed, "the only expectation supported is Expect: 100-continue")
            .closing();
      }
    }
    return null;
  }

  static ApiException tooLarge(long max) {
    return new ApiException(ErrorType.PayloadTooLarge, "the request body may be at most " + max + " bytes")
        .closing();
  }

  private static ApiException forDecoderFailure(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return new ApiException(ErrorType.UriTooLong, "the request line is too long");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new ApiException(ErrorType.HeadersTooLarge, "the request headers are too large");
    }
    if (cause instanceof RequestChecker.Malformed m) {
      return new ApiException(ErrorType.BadRequest, "the request is not valid HTTP/1.1: " + m.getMessage());
    }
    return new ApiException(ErrorType.BadRequest, "the request is not valid HTTP/1.1");
  }

  private void refuse(ChannelHandlerContext ctx, HttpRequest request, ApiException e, long startNanos) {
    refusing = true;
    ctx.channel().config().setAutoRead(false);
    refusals.respondAndClose(ctx, request, e, startNanos);
  }
}
