package io.fetchd.client.internal;

import io.fetchd.client.ConnectFailedException;
import io.fetchd.client.ConnectRefusedException;
import io.fetchd.client.ConnectTimeoutException;
import io.fetchd.client.ConnectionResetException;
import io.fetchd.client.DnsFailureException;
import io.fetchd.client.DnsTimeoutException;
import io.fetchd.client.FetchCancelledException;
import io.fetchd.client.FetchException;
import io.fetchd.client.ProtocolErrorException;
import io.fetchd.client.TlsFailureException;
import io.fetchd.defer.CancelledException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/**
 * Maps what Netty and the JDK throw onto fetchd's failure family, by exception type only: a
 * message's text never decides (it differs between transports, JDKs and locales, and it decides
 * retries). Pure; any thread.
 */
final class Errors {
  private Errors() {}

  /**
   * A failure while connecting (TCP).
   *
   * <ul>
   *   <li>Netty's {@link io.netty.channel.ConnectTimeoutException} (its connect timer fired):
   *       {@link ConnectTimeoutException}.
   *   <li>{@link NoRouteToHostException} (EHOSTUNREACH, ENETUNREACH on the native transports and
   *       the JDK): {@link ConnectFailedException}.
   *   <li>{@link ConnectException} (Netty's annotated subclass included): {@link
   *       ConnectRefusedException}. NIO (the JDK) throws it for ECONNREFUSED, and for ETIMEDOUT and
   *       ENOTCONN, which a connect bounded by fetchd's connect timeout does not reach; the native
   *       transports throw it for every connect errno they do not map to a type of their own, of
   *       which ECONNREFUSED is the one a peer causes.
   *   <li>A native {@link io.netty.channel.unix.Errors.NativeIoException} whose errno is ECONNREFUSED: {@link
   *       ConnectRefusedException}.
   *   <li>Anything else: {@link ConnectFailedException}.
   * </ul>
   */
  static FetchException connect(Throwable t, String target) {
    if (t instanceof FetchException f) {
      return f;
    }
    if (t instanceof io.netty.channel.ConnectTimeoutException) {
      return new ConnectTimeoutException("connect to " + target + " timed out");
    }
    if (t instanceof NoRouteToHostException) {
      return new ConnectFailedException("no route to " + target, t);
    }
    if (t instanceof ConnectException || isNativeRefusal(t)) {
      return new ConnectRefusedException("connection refused by " + target, t);
    }
    return new ConnectFailedException("cannot connect to " + target + ": " + describe(t), t);
  }

  /**
   * A native transport's I/O error carrying ECONNREFUSED. Only a loaded native transport makes a
   * {@link io.netty.channel.unix.Errors.NativeIoException}, so reading the errno constant (which needs the native
   * library) happens only then.
   */
  private static boolean isNativeRefusal(Throwable t) {
    return t instanceof io.netty.channel.unix.Errors.NativeIoException n
        && n.expectedErr() == io.netty.channel.unix.Errors.ERROR_ECONNREFUSED_NEGATIVE;
  }

  /** A failure while resolving a name. */
  static FetchException dns(Throwable t, String host) {
    if (t instanceof FetchException f) {
      return f;
    }
    Throwable c = t;
    while (c != null) {
      if (c instanceof DnsNameResolverTimeoutException) {
        return new DnsTimeoutException("DNS lookup of " + host + " timed out");
      }
      c = c.getCause();
    }
    if (t instanceof UnknownHostException) {
      return new DnsFailureException("cannot resolve " + host + ": no such host", t);
    }
    return new DnsFailureException("cannot resolve " + host + ": " + describe(t), t);
  }

  /** A failure on an established connection, before or during the response. */
  static FetchException exchange(Throwable t, boolean anyResponseByte) {
    if (t instanceof FetchException f) {
      return f;
    }
    Throwable root = t instanceof DecoderException && t.getCause() != null ? t.getCause() : t;
    if (root instanceof SSLException) {
      return new TlsFailureException("TLS failure: " + describe(root), root);
    }
    if (root instanceof TooLongFrameException) {
      return new ProtocolErrorException("response head too large: " + describe(root), root);
    }
    if (root instanceof PrematureChannelClosureException) {
      return anyResponseByte
          ? new ProtocolErrorException("connection closed before the response was complete", root)
          : new ConnectionResetException("connection closed before any response byte", root);
    }
    if (root instanceof ClosedChannelException || root instanceof IOException) {
      return anyResponseByte
          ? new ConnectionResetException("connection reset during the response: " + describe(root), root)
          : new ConnectionResetException("connection reset before any response byte: " + describe(root), root);
    }
    if (t instanceof DecoderException) {
      return new ProtocolErrorException("malformed response: " + describe(root), root);
    }
    return new ProtocolErrorException("unexpected failure: " + describe(t), t);
  }

  /**
   * What a stage's Failure means for the fetch: a FetchException as it is, a cancellation as
   * {@link FetchCancelledException}, anything else as {@link #exchange}'s mapping.
   */
  static FetchException asFetchException(Throwable t) {
    if (t instanceof FetchException e) {
      return e;
    }
    if (t instanceof CancelledException) {
      return new FetchCancelledException("cancelled");
    }
    return exchange(t, false);
  }

  static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
