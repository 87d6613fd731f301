package io.fetchd.client.internal;

import io.fetchd.client.FetchObserver;
import io.fetchd.client.Phase;
import io.fetchd.client.policy.AddressPolicy;
import io.fetchd.client.policy.BlockReason;
import io.fetchd.client.url.FetchUrl;
import io.fetchd.client.url.Host;
import io.fetchd.defer.Deferred;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The fetcher's connect stage on Netty: an idle connection from the origin's pool, or a new one:
 * the host's addresses (a literal, or DNS), each checked by the address policy, one chosen by the
 * request's IP preference, then TCP and, for https, TLS. Reports the {@code dns}, {@code connect}
 * and {@code tls} phases and the observer's {@code dialing} and {@code tlsEstablished}. Reactor
 * thread only.
 */
final class PooledConnectionSource implements ConnectionSource {
  private final AddressPolicy policy;
  private final Dns dns;
  private final Connector connector;
  private final CallEvents events;

  PooledConnectionSource(AddressPolicy policy, Dns dns, Connector connector, CallEvents events) {
    this.policy = policy;
    this.dns = dns;
    this.connector = connector;
    this.events = events;
  }

  @Override
  public Deferred<Connection> connect(Call call, OriginPool pool) {
    if (!call.forceFreshConnection) {
      Conn idle = pool.pollIdle();
      if (idle != null) {
        call.attempt.connection = idle;
        call.attempt.reused = true;
        return Deferred.succeed(idle);
      }
    }
    call.forceFreshConnection = false;
    Host host = call.url.host();
    Deferred<InetAddress> address = host.isIpLiteral() ? literal(call, host) : resolve(call);
    return address.addCallbackDeferred(a -> dial(call, pool, a));
  }

  private Deferred<InetAddress> literal(Call call, Host host) {
    InetAddress literal = literalAddress(host);
    if (call.options.ipPreference().choose(List.of(literal)) == null) {
      return Deferred.fail(Errors.dns(new UnknownHostException(
          host + " is not an address of the family asked for (" + call.options.ipPreference() + ")"),
          call.url.hostString()));
    }
    return Deferred.succeed(literal);
  }

  private Deferred<InetAddress> resolve(Call call) {
    FetchUrl url = call.url;
    String name = url.hostString();
    events.started(call, Phase.DNS);
    return dns.resolve(name, call.options.timeouts().dns()).addCallbacks(
        addresses -> {
          events.ended(call, Phase.DNS);
          if (addresses.isEmpty()) {
            throw Errors.dns(new UnknownHostException(name), name);
          }
          for (InetAddress a : addresses) {
            Optional<BlockReason> r = policy.check(a, url.port());
            if (r.isPresent()) {
              throw events.refused(r.get(), name + " (" + a.getHostAddress() + ")");
            }
          }
          InetAddress chosen = call.options.ipPreference().choose(addresses);
          if (chosen == null) {
            throw Errors.dns(new UnknownHostException(
                name + " has no address of the family asked for (" + call.options.ipPreference() + ")"), name);
          }
          return chosen;
        },
        f -> {
          throw Errors.dns(f.value(), name);
        });
  }

  private Deferred<Connection> dial(Call call, OriginPool pool, InetAddress address) {
    FetchUrl url = call.url;
    FetchObserver observer = call.request.observer();
    events.observe(() -> observer.dialing(url.redacted(), address));
    events.started(call, Phase.CONNECT);
    Deferred<Conn> d = connector.connect(
        url, address, pool, call.options.timeouts().connect(), call.options.timeouts().tlsHandshake());
    return d.addCallbackDeferred(conn -> {
      call.attempt.connection = conn;
      events.ended(call, Phase.CONNECT);
      return url.isHttps() ? handshake(call, conn) : Deferred.<Connection>succeed(conn);
    });
  }

  private Deferred<Connection> handshake(Call call, Conn conn) {
    FetchUrl url = call.url;
    events.started(call, Phase.TLS);
    return connector.handshake(conn, url).addCallback(info -> {
      conn.tls = info;
      FetchObserver observer = call.request.observer();
      if (observer != FetchObserver.NONE) {
        SslHandler tls = conn.channel.pipeline().get(SslHandler.class);
        if (tls != null) {
          javax.net.ssl.SSLSession session = tls.engine().getSession();
          events.observe(() -> observer.tlsEstablished(url.redacted(), session));
        }
      }
      events.ended(call, Phase.TLS);
      return conn;
    });
  }

  private static InetAddress literalAddress(Host host) {
    try {
      if (host instanceof Host.Ipv4 v4) {
        return InetAddress.getByAddress(v4.toBytes());
      }
      return InetAddress.getByAddress(((Host.Ipv6) host).bytes());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a parsed IP literal has a valid length", e);
    }
  }

  @Override
  public void close() {
    dns.close();
  }
}
