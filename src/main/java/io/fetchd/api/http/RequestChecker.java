package io.fetchd.api.http;

import io.fetchd.http1.Http1Checker;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits before the HTTP codec and holds every request byte to the strict rules of {@link
 * Http1Checker} (request smuggling shapes above all: {@code Content-Length} with {@code
 * Transfer-Encoding}, bad chunk sizes, obs-fold, whitespace before a colon, bare LF) before Netty's
 * decoder reads it. The bytes before the one that broke a rule go on, so requests complete before
 * it are served; then a request whose decoder result is a {@link Malformed} failure goes on in their
 * place, which the {@link RequestGate} answers naming the rule (400 {@code BadRequest}; 505 {@code
 * VersionNotSupported} for a version other than 1.0 and 1.1; 501 {@code
 * UnsupportedTransferEncoding} for a coding before {@code chunked}), and the connection is closed.
 * Nothing more from it is read.
 *
 * <p>Buffer ownership: passes checked bytes on (a retained slice of the buffer that broke a rule);
 * releases the rest. Thread rule: the connection's event loop.
 */
final class RequestChecker extends ChannelInboundHandlerAdapter {
  private final Http1Checker checker = Http1Checker.requests();

  /** The decoder failure of a request that broke a rule of {@link Http1Checker}; the message says which. */
  static final class Malformed extends RuntimeException {
    private final Http1Checker.Kind kind;

    Malformed(Http1Checker.Kind kind, String rule) {
      super(rule, null, false, false);
      this.kind = kind;
    }

    /** Which kind of rule: it decides the status. */
    Http1Checker.Kind kind() {
      return kind;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (checker.failed()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    int bad = firstBad(buf);
    if (bad < 0) {
      ctx.fireChannelRead(buf);
      return;
    }
    int good = bad - buf.readerIndex();
    ByteBuf prefix = good > 0 ? buf.readRetainedSlice(good) : null;
    buf.release();
    if (prefix != null) {
      ctx.fireChannelRead(prefix);
    }
    HttpRequest refused = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    refused.setDecoderResult(DecoderResult.failure(new Malformed(checker.kind(), checker.error())));
    ctx.fireChannelRead(refused);
  }

  /** The index of the first byte of {@code buf} that broke a rule, or -1. */
  private int firstBad(ByteBuf buf) {
    int i = buf.readerIndex();
    int end = buf.writerIndex();
    while (i < end) {
      long skip = checker.skippable();
      if (skip > 0) {
        int n = (int) Math.min(skip, end - i);
        checker.skip(n);
        i += n;
        continue;
      }
      int stop = buf.forEachByte(i, end - i, checker::accept);
      if (stop < 0) {
        return -1;
      }
      if (checker.failed()) {
        return stop;
      }
      i = stop + 1;
    }
    return -1;
  }
}
