package io.fetchd.api.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes a connection whose client has sent nothing for the read timeout (the {@code
 * IdleStateHandler} in front of it fires the event) while no response is in progress: a request
 * that never completes, or a kept-alive connection left idle. A client waiting for a long batch
 * sends nothing and is not idle in this sense.
 *
 * <p>Thread rule: the connection's event loop.
 */
final class IdleCloser extends ChannelDuplexHandler {
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent e && e.state() == IdleState.READER_IDLE) {
      if (!ConnectionState.of(ctx.channel()).busy()) {
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }
}
