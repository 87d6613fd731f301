package io.fetchd.api.http;

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
import java.util.List;

/**
 * Checks each request before anything reads its body: a decoder failure is answered here (request
 * line too long → 414 {@code UriTooLong}, head too large → 431 {@code HeadersTooLarge}, a rule of
 * {@link RequestChecker} → 400 {@code BadRequest}, 505 {@code VersionNotSupported} or 501 {@code
 * UnsupportedTransferEncoding} by its kind, anything else → 400 {@code BadRequest}), a head that
 * breaks RFC 9112 ({@link #checkHead}: 505 {@code VersionNotSupported}, 400 for Host, 417 {@code
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
   * The RFC 9112 rules on a decoded head: HTTP/1.0 or 1.1 only (505; {@link RequestChecker} has
   * already refused any other, this is the second line), exactly one {@code Host} on HTTP/1.1, at
   * most one on 1.0, and a valid one (400, RFC 9112 3.2), and no {@code Expect} but {@code
   * 100-continue} on HTTP/1.1 (417; RFC 9110 10.1.1 has HTTP/1.0 expectations ignored). Null when
   * it passes. Each refusal closes the connection.
   */
  static ApiException checkHead(HttpRequest r) {
    HttpVersion v = r.protocolVersion();
    if (v.majorVersion() != 1 || v.minorVersion() > 1) {
      return new ApiException(
              ErrorType.VersionNotSupported, v.text() + " is not supported; send HTTP/1.1 or HTTP/1.0")
          .closing();
    }
    List<String> hosts = r.headers().getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1 || (hosts.isEmpty() && v.minorVersion() == 1)) {
      return new ApiException(
              ErrorType.BadRequest,
              "a request needs exactly one Host header (HTTP/1.0: at most one), this one has " + hosts.size())
          .closing();
    }
    if (hosts.size() == 1 && !validHost(hosts.get(0))) {
      return new ApiException(ErrorType.BadRequest, "the Host header is not a host and optional port")
          .closing();
    }
    if (v.minorVersion() == 1) {
      List<String> expect = r.headers().getAll(HttpHeaderNames.EXPECT);
      if (!expect.isEmpty()
          && (expect.size() > 1 || !expect.get(0).strip().equalsIgnoreCase("100-continue"))) {
        return new ApiException(
                ErrorType.ExpectationFailed, "the only expectation supported is Expect: 100-continue")
            .closing();
      }
    }
    return null;
  }

  /**
   * True for a {@code Host} value of RFC 9112 3.2's grammar, {@code uri-host [":" port]}: empty, a
   * reg-name or IPv4 address (unreserved, sub-delims and percent-encoded bytes), or an IP literal
   * in brackets, then an optional port of digits.
   */
  static boolean validHost(String value) {
    String v = value.strip();
    int end = v.length();
    int colon = v.lastIndexOf(':');
    if (colon >= 0 && v.indexOf(']', colon) < 0) {
      for (int i = colon + 1; i < end; i++) {
        if (v.charAt(i) < '0' || v.charAt(i) > '9') {
          return false;
        }
      }
      end = colon;
    }
    String host = v.substring(0, end);
    if (host.startsWith("[")) {
      return host.length() > 2
          && host.endsWith("]")
          && host.substring(1, host.length() - 1).chars().allMatch(c -> isHex(c) || c == ':' || c == '.'
              || isUnreserved(c) || isSubDelim(c));
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '%') {
        if (i + 2 >= host.length() || !isHex(host.charAt(i + 1)) || !isHex(host.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (!isUnreserved(c) && !isSubDelim(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  private static boolean isSubDelim(int c) {
    return "!$&'()*+,;=".indexOf(c) >= 0;
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
      ErrorType type =
          switch (m.kind()) {
            case UNSUPPORTED_VERSION -> ErrorType.VersionNotSupported;
            case UNSUPPORTED_CODING -> ErrorType.UnsupportedTransferEncoding;
            case MALFORMED -> ErrorType.BadRequest;
          };
      String prefix = type == ErrorType.BadRequest ? "the request is not valid HTTP/1.1: " : "";
      return new ApiException(type, prefix + m.getMessage());
    }
    return new ApiException(ErrorType.BadRequest, "the request is not valid HTTP/1.1");
  }

  private void refuse(ChannelHandlerContext ctx, HttpRequest request, ApiException e, long startNanos) {
    refusing = true;
    ctx.channel().config().setAutoRead(false);
    refusals.respondAndClose(ctx, request, e, startNanos);
  }
}
