package io.fetchd.client.internal;

import io.fetchd.client.FetchException;
import io.fetchd.client.TlsFailureException;
import io.fetchd.client.TlsHandshakeTimeoutException;
import io.fetchd.client.TlsInfo;
import io.fetchd.client.url.FetchUrl;
import io.fetchd.defer.Deferred;
import io.fetchd.reactor.NettyDeferreds;
import io.fetchd.reactor.Reactor;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Opens connections: TCP to an already checked address (never a name, so DNS cannot be asked
 * twice), then the TLS handshake for https with SNI and hostname verification. Builds each
 * connection's pipeline: [TLS] - first-byte marker - strict framing check ({@link
 * ResponseChecker}) - HTTP/1.1 response decoder and request encoder - bounded decompressor -
 * exchange dispatcher. Reactor thread only.
 *
 * <p>A socket is never opened inside the caller's stack, only in a task of its own on the loop.
 * The caller may be running inside the loop's dispatch of one batch of I/O events (a fetch that
 * ended, a client that disconnected and cancelled its batch), after that dispatch closed other
 * channels whose events are still further down the same batch. With epoll those events are routed
 * by file-descriptor number, and the kernel hands a closed channel's number to the next socket
 * opened: a connection opened there would receive the dead channel's events (its read fails, and
 * the new connection is closed before it connects). Tasks run only after the whole batch.
 */
final class Connector {
  static final AttributeKey<Conn> CONN = AttributeKey.valueOf("fetchd.conn");
  static final AttributeKey<BoundedDecompressor> DECOMPRESSOR =
      AttributeKey.valueOf("fetchd.decompressor");

  /** The largest buffer the decompressor allocates per step. */
  static final int MAX_DECOMPRESS_ALLOCATION = 64 * 1024;

  private final Reactor reactor;
  private final SslContext ssl;
  /** The SNI and verified name of every TLS connection, or null for the URL's host. */
  private final String tlsServerName;

  Connector(Reactor reactor, SslContext ssl, String tlsServerName) {
    this.reactor = reactor;
    this.ssl = ssl;
    this.tlsServerName = tlsServerName;
  }

  /**
   * Connects to {@code address}, the checked address of {@code url}'s host. Fires with the open
   * connection, or fails with the connect error (mapped). The socket is opened in a task of its own
   * (see the class comment). Cancelling before that opens nothing; after, it closes the channel.
   */
  Deferred<Conn> connect(FetchUrl url, InetAddress address, OriginPool pool, Duration timeout,
      Duration tlsTimeout) {
    Bootstrap b =
        new Bootstrap()
            .group(reactor.eventLoop())
            .channel(reactor.socketChannelType())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
            .handler(new Initializer(url, pool, tlsTimeout));
    InetSocketAddress remote = new InetSocketAddress(address, url.port());
    String target = url.hostString() + ":" + url.port();
    Channel[] opened = new Channel[1];
    Deferred<Conn> d =
        new Deferred<>(
            cancelled -> {
              if (opened[0] != null) {
                opened[0].close();
              }
            });
    try {
      reactor.callFromThread(
          () -> {
            if (!d.isCalled()) {
              opened[0] = open(b, remote, target, pool, d);
            }
          });
    } catch (RejectedExecutionException e) {
      d.errback(Errors.connect(e, target));
    }
    return d;
  }

  /** Opens the socket and connects it; {@code d} hears the outcome. */
  private static Channel open(
      Bootstrap b, InetSocketAddress remote, String target, OriginPool pool, Deferred<Conn> d) {
    ChannelFuture f = b.connect(remote);
    Channel ch = f.channel();
    f.addListener(
        x -> {
          if (d.isCalled()) {
            ch.close();
            return;
          }
          if (x.isSuccess()) {
            pool.opened();
            ch.closeFuture().addListener(c -> pool.closed());
            d.callback(ch.attr(CONN).get());
          } else {
            ch.close();
            d.errback(Errors.connect(x.cause(), target));
          }
        });
    return ch;
  }

  /** Fires with the TLS details once the handshake of an https connection is done. */
  Deferred<TlsInfo> handshake(Conn conn, FetchUrl url) {
    SslHandler h = conn.channel.pipeline().get(SslHandler.class);
    return NettyDeferreds.toDeferred(h.handshakeFuture())
        .addCallbacks(
            ch -> tlsInfo(h.engine().getSession(), url),
            failure -> {
              throw handshakeError(failure.value(), url);
            });
  }

  private static FetchException handshakeError(Throwable t, FetchUrl url) {
    if (t instanceof SslHandshakeTimeoutException) {
      return new TlsHandshakeTimeoutException("TLS handshake with " + url.hostString() + " timed out");
    }
    if (t instanceof FetchException f) {
      return f;
    }
    return new TlsFailureException(
        "TLS handshake with " + url.hostString() + " failed: " + Errors.describe(rootCause(t)), t);
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  private static TlsInfo tlsInfo(SSLSession session, FetchUrl url) {
    java.time.Instant notAfter = null;
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
        notAfter = leaf.getNotAfter().toInstant();
      }
    } catch (SSLPeerUnverifiedException e) {
      notAfter = null;
    }
    return new TlsInfo(session.getProtocol(), session.getCipherSuite(), notAfter, url.redacted());
  }

  private final class Initializer extends ChannelInitializer<Channel> {
    private final FetchUrl url;
    private final OriginPool pool;
    private final Duration tlsTimeout;

    Initializer(FetchUrl url, OriginPool pool, Duration tlsTimeout) {
      this.url = url;
      this.pool = pool;
      this.tlsTimeout = tlsTimeout;
    }

    @Override
    protected void initChannel(Channel ch) {
      Conn conn = new Conn(ch, url.origin(), pool);
      BoundedDecompressor decompressor = new BoundedDecompressor(MAX_DECOMPRESS_ALLOCATION);
      ch.attr(CONN).set(conn);
      ch.attr(DECOMPRESSOR).set(decompressor);
      if (url.isHttps()) {
        String peer = tlsServerName != null ? tlsServerName : url.hostString().replace("[", "").replace("]", "");
        SslHandler tls = ssl.newHandler(ch.alloc(), peer, url.port());
        tls.setHandshakeTimeoutMillis(tlsTimeout.toMillis());
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
    }
  }
}
