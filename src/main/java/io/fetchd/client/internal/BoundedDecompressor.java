package io.fetchd.client.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObject;
import java.util.List;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.codec.http.HttpContentDecompressor;

/**
 * Netty's decompressor, limited to the encodings fetchd advertises ({@code gzip}, {@code
 * deflate}), handing on its output in pieces of about 64 KiB (Netty's {@code
 * io.netty.compression.defaultMaxForwardBytes}), and able to say whether the stream it decoded
 * was complete. Any other encoding is passed through undecoded (brotli and zstd codecs are not on
 * the classpath and never advertised). The running cap on decompressed bytes is enforced
 * downstream by the {@link Exchange}.
 */
final class BoundedDecompressor extends HttpContentDecompressor {
  private JdkZlibDecoder active;
  private boolean stopped;
  private boolean passThrough;

  BoundedDecompressor(int maxAllocation) {
    super(false, maxAllocation);
  }

  /** Called by Netty for every non-1xx response head, so {@link #active} is per response. */
  @Override
  protected EmbeddedChannel newContentDecoder(String contentEncoding) {
    ZlibWrapper wrapper;
    if (passThrough) {
      active = null;
      return null;
    }
    if ("gzip".equalsIgnoreCase(contentEncoding) || "x-gzip".equalsIgnoreCase(contentEncoding)) {
      wrapper = ZlibWrapper.GZIP;
    } else if ("deflate".equalsIgnoreCase(contentEncoding)
        || "x-deflate".equalsIgnoreCase(contentEncoding)) {
      wrapper = ZlibWrapper.ZLIB_OR_NONE;
    } else {
      active = null;
      return null;
    }
    // maxAllocation 0, on purpose: Netty's zlib decoder then forwards its output every 64 KiB. With
    // a non-zero maxAllocation it never splits its output and instead fails the response as soon as
    // one input piece inflates past that size, which ordinary compressible pages do.
    active = new JdkZlibDecoder(wrapper, 0);
    return new EmbeddedChannel(
        ctx.channel().id(),
        ctx.channel().metadata().hasDisconnect(),
        ctx.channel().config(),
        active);
  }

  /**
   * Whether the next responses are passed on as received (their body and {@code
   * Content-Encoding} untouched); set by each exchange before its response arrives.
   */
  void passThrough(boolean on) {
    passThrough = on;
  }

  /**
   * Stops decoding for good: content that is already buffered behind the current read (more
   * chunks of a gzip bomb, say) is released without being inflated. Called when the connection is
   * closed.
   */
  void stop() {
    stopped = true;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
    if (stopped) {
      return; // MessageToMessageDecoder releases msg
    }
    super.decode(ctx, msg, out);
  }

  /** True when the current response is compressed and its stream has not reached its end. */
  boolean streamIncomplete() {
    return active != null && !active.isClosed();
  }
}
