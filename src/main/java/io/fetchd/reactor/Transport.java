package io.fetchd.reactor;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;

/**
 * The I/O transport under a {@link Reactor}: Linux io_uring, Linux epoll, or the JDK's NIO. Each
 * knows its Netty handler and channel classes. Immutable; any thread.
 *
 * <p>{@link #best()} picks epoll, else NIO. io_uring is opt-in (system property {@code
 * fetchd.transport=io_uring}, or the {@code reactor.transport} setting): on Netty 4.2.18 its
 * socket channel sometimes misses a peer's reset in the middle of a response (the read stalls
 * until the idle-read timeout instead of failing at once as {@code ConnectionReset}; see
 * netty/netty#17049 for a related lost-poll fix after 4.2.18), which fetchd's hostile-upstream
 * tests catch. Containers' default seccomp profile often blocks io_uring anyway.
 */
public enum Transport {
  /** Linux io_uring (opt-in; see the class comment). */
  IO_URING {
    @Override
    public boolean isAvailable() {
      return IoUring.isAvailable();
    }

    @Override
    IoHandlerFactory handlerFactory() {
      return IoUringIoHandler.newFactory();
    }

    @Override
    public Class<? extends SocketChannel> socketChannelType() {
      return IoUringSocketChannel.class;
    }

    @Override
    public Class<? extends ServerSocketChannel> serverSocketChannelType() {
      return IoUringServerSocketChannel.class;
    }

    @Override
    public Class<? extends DatagramChannel> datagramChannelType() {
      return IoUringDatagramChannel.class;
    }
  },
  /** Linux epoll, the default where it is available. */
  EPOLL {
    @Override
    public boolean isAvailable() {
      return Epoll.isAvailable();
    }

    @Override
    IoHandlerFactory handlerFactory() {
      return EpollIoHandler.newFactory();
    }

    @Override
    public Class<? extends SocketChannel> socketChannelType() {
      return EpollSocketChannel.class;
    }

    @Override
    public Class<? extends ServerSocketChannel> serverSocketChannelType() {
      return EpollServerSocketChannel.class;
    }

    @Override
    public Class<? extends DatagramChannel> datagramChannelType() {
      return EpollDatagramChannel.class;
    }
  },
  /** The JDK's NIO selector, available everywhere. */
  NIO {
    @Override
    public boolean isAvailable() {
      return true;
    }

    @Override
    IoHandlerFactory handlerFactory() {
      return NioIoHandler.newFactory();
    }

    @Override
    public Class<? extends SocketChannel> socketChannelType() {
      return NioSocketChannel.class;
    }

    @Override
    public Class<? extends ServerSocketChannel> serverSocketChannelType() {
      return NioServerSocketChannel.class;
    }

    @Override
    public Class<? extends DatagramChannel> datagramChannelType() {
      return NioDatagramChannel.class;
    }
  };

  /**
   * Whether this transport can run here (native library loaded, kernel support present).
   *
   * @return whether it can run here
   */
  public abstract boolean isAvailable();

  abstract IoHandlerFactory handlerFactory();

  /**
   * The client socket channel class of this transport.
   *
   * @return the channel class
   */
  public abstract Class<? extends SocketChannel> socketChannelType();

  /**
   * The server socket channel class of this transport.
   *
   * @return the channel class
   */
  public abstract Class<? extends ServerSocketChannel> serverSocketChannelType();

  /**
   * The datagram channel class of this transport (for DNS).
   *
   * @return the channel class
   */
  public abstract Class<? extends DatagramChannel> datagramChannelType();

  /**
   * The default transport: the one named by the system property {@code fetchd.transport} ({@code
   * io_uring}, {@code epoll}, {@code nio}) when set and available, else epoll when available, else
   * NIO.
   *
   * @return the transport to use
   */
  public static Transport best() {
    String forced = System.getProperty("fetchd.transport", "auto").trim();
    if (!forced.isEmpty() && !forced.equalsIgnoreCase("auto")) {
      Transport t = named(forced);
      if (t.isAvailable()) {
        return t;
      }
    }
    return EPOLL.isAvailable() ? EPOLL : NIO;
  }

  private static Transport named(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "io_uring", "iouring" -> IO_URING;
      case "epoll" -> EPOLL;
      case "nio" -> NIO;
      default ->
          throw new IllegalArgumentException(
              "unknown transport '" + name + "': expected auto, io_uring, epoll or nio");
    };
  }

  /**
   * Parses {@code auto}, {@code io_uring}, {@code epoll} or {@code nio} (any case); {@code auto}
   * is {@link #best()}. A named transport that is not available here falls back to {@link
   * #best()}.
   *
   * @param name the transport's name
   * @return the transport to use
   * @throws IllegalArgumentException for any other name
   */
  public static Transport parse(String name) {
    if (name.trim().equalsIgnoreCase("auto")) {
      return best();
    }
    Transport wanted = named(name);
    return wanted.isAvailable() ? wanted : best();
  }

  /**
   * The name used in configuration and logs.
   *
   * @return the lower-case name
   */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
