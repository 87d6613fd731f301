package io.fetchd.api.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.function.UnaryOperator;

/**
 * Answers the requests refused before the dispatcher sees them ({@link RequestGate}, {@link
 * BodyAggregator}, {@link BodyBudget}, {@link BodyDeadline}): writes the error with {@code
 * Connection: close}, then closes the connection through a {@link LingeringClose} (so a client
 * still sending its body reads the error instead of a reset), and reports the refusal and the response to the {@link ApiObserver} as the dispatcher would.
 * The refusal is written in its turn ({@link ConnectionDispatcher#answerInTurn}): after the answers of pipelined
 * requests received before it.
 *
 * <p>Thread rule: the connection's event loop.
 */
final class Refusals {
  /** The method reported for a request that could not be decoded. */
  static final String UNDECODED = "OTHER";

  private final UnaryOperator<String> templates;
  private final GuardedObserver observer;

  /**
   * @param templates a path's route template ({@code RouteTable.template})
   */
  Refusals(UnaryOperator<String> templates, GuardedObserver observer) {
    this.templates = templates;
    this.observer = observer;
  }

  /**
   * Refuses {@code request} with {@code e}.
   *
   * @param request the request as decoded, or null when it could not be decoded (reported as
   *     method {@value #UNDECODED} on route {@link ApiObserver#UNMATCHED})
   * @param startNanos {@link System#nanoTime()} when the request reached the server's handlers
   */
  void respondAndClose(ChannelHandlerContext ctx, HttpRequest request, ApiException e, long startNanos) {
    String method = request == null ? UNDECODED : request.method().name();
    String route = request == null ? ApiObserver.UNMATCHED : template(request.uri());
    ConnectionDispatcher dispatcher = ctx.pipeline().get(ConnectionDispatcher.class);
    if (dispatcher == null) {
      write(ctx, method, route, e, startNanos);
    } else {
      dispatcher.answerInTurn(ctx, () -> write(ctx, method, route, e, startNanos));
    }
  }

  private void write(ChannelHandlerContext ctx, String method, String route, ApiException e, long startNanos) {
    observer.rejected(e);
    FullHttpResponse r = ErrorMapper.response(ctx.alloc(), HttpVersion.HTTP_1_1, e);
    HttpUtil.setKeepAlive(r, false);
    int status = r.status().code();
    ChannelFuture written =
        ctx.writeAndFlush(r).addListener(f -> observer.completed(route, method, status, startNanos));
    LingeringClose.closeAfter(ctx.channel(), written);
  }

  private String template(String uri) {
    try {
      return templates.apply(new QueryStringDecoder(ApiRequest.originForm(uri)).path());
    } catch (IllegalArgumentException malformed) {
      return ApiObserver.UNMATCHED;
    }
  }
}
