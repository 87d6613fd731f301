package io.fetchd.client.internal;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fetchd.client.ConnectFailedException;
import io.fetchd.client.ConnectRefusedException;
import io.fetchd.client.ConnectTimeoutException;
import io.fetchd.client.ConnectionResetException;
import io.fetchd.client.DnsFailureException;
import io.fetchd.client.DnsTimeoutException;
import io.fetchd.client.FetchException;
import io.fetchd.client.ProtocolErrorException;
import io.fetchd.client.TlsFailureException;
import io.fetchd.reactor.Reactor;
import io.fetchd.reactor.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Errors maps by exception type, never by message: each mapping, and the exceptions the JDK's and
 * Netty's transports really throw when a loopback port refuses a connection.
 */
class ErrorsTest {
  private static final String TARGET = "example.test:80";

  @Test
  void aFetchExceptionPassesThroughUnchanged() {
    FetchException e = new ConnectRefusedException("already mapped");
    assertSame(e, Errors.connect(e, TARGET));
    assertSame(e, Errors.dns(e, "example.test"));
    assertSame(e, Errors.exchange(e, true));
  }

  @Test
  void nettysConnectTimeoutIsAConnectTimeout() {
    assertInstanceOf(
        ConnectTimeoutException.class,
        Errors.connect(new io.netty.channel.ConnectTimeoutException("whatever text"), TARGET));
  }

  @Test
  void aConnectExceptionIsARefusalWhateverItsMessageSays() {
    assertInstanceOf(ConnectRefusedException.class, Errors.connect(new ConnectException(), TARGET));
    assertInstanceOf(
        ConnectRefusedException.class, Errors.connect(new ConnectException("Verbindung abgelehnt"), TARGET));
  }

  @Test
  void aMessageSayingRefusedDoesNotMakeAnotherTypeARefusal() {
    assertInstanceOf(
        ConnectFailedException.class, Errors.connect(new SocketException("connection refused"), TARGET));
    assertInstanceOf(
        ConnectFailedException.class, Errors.connect(new IOException("refused"), TARGET));
  }

  @Test
  void noRouteToHostIsAConnectFailure() {
    FetchException e = Errors.connect(new NoRouteToHostException(), TARGET);
    assertInstanceOf(ConnectFailedException.class, e);
    assertTrue(e.getMessage().contains("no route to " + TARGET), e.getMessage());
  }

  @Test
  void aNativeErrnoEconnrefusedIsARefusalAndAnotherErrnoIsNot() {
    assumeTrue(Epoll.isAvailable(), "the native errno constants need a native transport");
    int refused = io.netty.channel.unix.Errors.ERROR_ECONNREFUSED_NEGATIVE;
    int reset = io.netty.channel.unix.Errors.ERRNO_ECONNRESET_NEGATIVE;
    assertInstanceOf(
        ConnectRefusedException.class,
        Errors.connect(new io.netty.channel.unix.Errors.NativeIoException("connect", refused), TARGET));
    assertInstanceOf(
        ConnectFailedException.class,
        Errors.connect(new io.netty.channel.unix.Errors.NativeIoException("connect", reset), TARGET));
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
  void whatATransportThrowsForARefusedLoopbackConnectIsARefusal(Transport transport) throws Exception {
    assumeTrue(transport.isAvailable(), transport + " is not available here");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again at once: nothing listens there now
    }
    try (Reactor reactor = new Reactor(1, transport)) {
      ChannelFuture f =
          new Bootstrap()
              .group(reactor.eventLoop())
              .channel(reactor.socketChannelType())
              .handler(new ChannelInboundHandlerAdapter())
              .connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
      assertTrue(f.await(5, TimeUnit.SECONDS), "the refused connect completes");
      assertTrue(f.cause() != null, "the connect failed");
      assertInstanceOf(ConnectRefusedException.class, Errors.connect(f.cause(), TARGET), f.cause().toString());
    }
  }

  @Test
  void aResolverTimeoutAnywhereInTheCauseChainIsADnsTimeout() {
    DnsNameResolverTimeoutException timeout =
        new DnsNameResolverTimeoutException(
            new InetSocketAddress(53), new DefaultDnsQuestion("example.test", DnsRecordType.A), "no answer");
    UnknownHostException wrapped = new UnknownHostException("example.test");
    wrapped.initCause(timeout);
    assertInstanceOf(DnsTimeoutException.class, Errors.dns(timeout, "example.test"));
    assertInstanceOf(DnsTimeoutException.class, Errors.dns(wrapped, "example.test"));
  }

  @Test
  void anUnknownHostIsADnsFailure() {
    FetchException e = Errors.dns(new UnknownHostException("example.test"), "example.test");
    assertInstanceOf(DnsFailureException.class, e);
    assertTrue(e.getMessage().contains("no such host"), e.getMessage());
    assertInstanceOf(DnsFailureException.class, Errors.dns(new IOException("other"), "example.test"));
  }

  @Test
  void tlsFailuresAreTlsFailuresAlsoInsideADecoderException() {
    SSLHandshakeException ssl = new SSLHandshakeException("bad certificate");
    assertInstanceOf(TlsFailureException.class, Errors.exchange(ssl, false));
    assertInstanceOf(TlsFailureException.class, Errors.exchange(new DecoderException(ssl), true));
  }

  @Test
  void aTooLongHeadIsAProtocolError() {
    assertInstanceOf(
        ProtocolErrorException.class, Errors.exchange(new DecoderException(new TooLongFrameException("big")), false));
  }

  @Test
  void aPrematureCloseIsAResetBeforeAnyByteAndAProtocolErrorAfter() {
    assertInstanceOf(
        ConnectionResetException.class, Errors.exchange(new PrematureChannelClosureException(), false));
    assertInstanceOf(
        ProtocolErrorException.class, Errors.exchange(new PrematureChannelClosureException(), true));
  }

  @Test
  void anIoErrorOnTheConnectionIsAReset() {
    assertInstanceOf(ConnectionResetException.class, Errors.exchange(new ClosedChannelException(), false));
    assertInstanceOf(ConnectionResetException.class, Errors.exchange(new IOException("any text"), true));
  }

  @Test
  void aNativeResetOnTheConnectionIsAReset() {
    assumeTrue(Epoll.isAvailable(), "the native errno constants need a native transport");
    IOException reset =
        io.netty.channel.unix.Errors.newConnectionResetException(
            "read", io.netty.channel.unix.Errors.ERRNO_ECONNRESET_NEGATIVE);
    assertInstanceOf(ConnectionResetException.class, Errors.exchange(reset, false));
  }

  @Test
  void aMalformedResponseOrAnythingElseIsAProtocolError() {
    assertInstanceOf(
        ProtocolErrorException.class, Errors.exchange(new DecoderException("bad chunk size"), true));
    assertInstanceOf(ProtocolErrorException.class, Errors.exchange(new IllegalStateException("?"), true));
  }
}
