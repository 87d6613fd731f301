package io.fetchd.client.internal;

import io.fetchd.client.url.FetchUrl;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;

/**
 * Builds an HTTP/1.1 connection's pipeline on a channel: [TLS] - first-byte marker - strict
 * framing check ({@link ResponseChecker}) - HTTP/1.1 response decoder - bounded decompressor -
 * exchange dispatcher ({@link ConnHandler}), and the {@link Conn} that owns it. The same pipeline
 * runs on a socket ({@link Connector}) and on an embedded channel in tests. Reactor thread only
 * (the channel's loop).
 */
final class Http1Pipeline {
  static final AttributeKey<Conn> CONN = AttributeKey.valueOf("fetchd.conn");
  static final AttributeKey<BoundedDecompressor> DECOMPRESSOR =
      AttributeKey.valueOf("fetchd.decompressor");

  /** The largest buffer the decompressor allocates per step. */
  static final int MAX_DECOMPRESS_ALLOCATION = 64 * 1024;

  private Http1Pipeline() {}

  /**
   * Installs the pipeline on {@code ch} for a connection to {@code url}'s origin, with {@code tls}
   * (already made for the peer) first when not null.
   *
   * @return the connection, also kept in the channel's {@link #CONN} attribute
   */
  static Conn install(Channel ch, FetchUrl url, OriginPool pool, Http1Exchanges exchanges, SslHandler tls) {
    Conn conn = new Conn(ch, url.origin(), pool, exchanges);
    BoundedDecompressor decompressor = new BoundedDecompressor(MAX_DECOMPRESS_ALLOCATION);
    ch.attr(CONN).set(conn);
    ch.attr(DECOMPRESSOR).set(decompressor);
    if (tls != null) {
      ch.pipeline().addLast("tls", tls);
    }
    conn.decoder =
        new ResponseDecoder(
            new HttpDecoderConfig()
                .setMaxInitialLineLength(8192)
                .setMaxHeaderSize(32 * 1024)
                .setMaxChunkSize(16 * 1024),
            conn);
    ch.pipeline()
        .addLast("bytes", new ByteMarker(conn))
        .addLast("check", new ResponseChecker(conn))
        .addLast("http-decoder", conn.decoder)
        .addLast("decompress", decompressor)
        .addLast("conn", new ConnHandler(conn));
    return conn;
  }
}
