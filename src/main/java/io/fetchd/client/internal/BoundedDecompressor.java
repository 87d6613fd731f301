package io.fetchd.client.internal;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.codec.http.HttpContentDecompressor;

/**
 * Netty's decompressor, limited to the encodings fetchd advertises ({@code gzip}, {@code
 * deflate}), with a bound on each output buffer, and able to say whether the stream it decoded
 * was complete. Any other encoding is passed through undecoded (brotli and zstd codecs are not on
 * the classpath and never advertised). The running cap on decompressed bytes is enforced
 * downstream by the {@link Exchange}.
 */
final class BoundedDecompressor extends HttpContentDecompressor {
  private final int maxAllocation;
  private JdkZlibDecoder active;

  BoundedDecompressor(int maxAllocation) {
    super(false, maxAllocation);
    this.maxAllocation = maxAllocation;
  }

  /** Called by Netty for every non-1xx response head, so {@link #active} is per response. */
  @Override
  protected EmbeddedChannel newContentDecoder(String contentEncoding) {
    ZlibWrapper wrapper;
    if ("gzip".equalsIgnoreCase(contentEncoding) || "x-gzip".equalsIgnoreCase(contentEncoding)) {
      wrapper = ZlibWrapper.GZIP;
    } else if ("deflate".equalsIgnoreCase(contentEncoding)
        || "x-deflate".equalsIgnoreCase(contentEncoding)) {
      wrapper = ZlibWrapper.ZLIB_OR_NONE;
    } else {
      active = null;
      return null;
    }
    active = new JdkZlibDecoder(wrapper, maxAllocation);
    return new EmbeddedChannel(
        ctx.channel().id(),
        ctx.channel().metadata().hasDisconnect(),
        ctx.channel().config(),
        active);
  }

  /** True when the current response is compressed and its stream has not reached its end. */
  boolean streamIncomplete() {
    return active != null && !active.isClosed();
  }
}
