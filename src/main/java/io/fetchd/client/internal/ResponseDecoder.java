package io.fetchd.client.internal;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;

/**
 * The HTTP/1.1 response decoder of one connection: Netty's, told by the connection's current
 * {@link Exchange} which final responses have no body (those to HEAD), and able to say how many
 * received bytes it still holds undecoded. Bytes held once a response is complete belong to no
 * request (a body on a 204, a smuggled partial response): the connection must not be reused.
 * Reactor thread only.
 */
final class ResponseDecoder extends HttpResponseDecoder {
  private final Conn conn;

  ResponseDecoder(HttpDecoderConfig config, Conn conn) {
    super(config);
    this.conn = conn;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage msg) {
    if (msg instanceof HttpResponse r && r.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
      Exchange ex = conn.current;
      if (ex != null && ex.isHead()) {
        return true;
      }
    }
    return super.isContentAlwaysEmpty(msg);
  }

  /** Hands each decoded response head to the current exchange before the decompressor sees it. */
  @Override
  protected void decode(io.netty.channel.ChannelHandlerContext ctx, io.netty.buffer.ByteBuf buffer,
      java.util.List<Object> out) throws Exception {
    int before = out.size();
    super.decode(ctx, buffer, out);
    for (int i = before; i < out.size(); i++) {
      if (out.get(i) instanceof HttpResponse r) {
        Exchange ex = conn.current;
        if (ex != null && r.decoderResult().isSuccess()) {
          ex.rawHeadDecoded(r);
        }
      }
    }
  }

  /** Received bytes not yet decoded into a message. */
  int bufferedBytes() {
    return actualReadableBytes();
  }
}
