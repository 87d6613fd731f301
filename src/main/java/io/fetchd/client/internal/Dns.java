package io.fetchd.client.internal;

import io.fetchd.client.DnsTimeoutException;
import io.fetchd.client.FetchListener;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Scheduler;
import io.fetchd.reactor.NettyDeferreds;
import io.fetchd.reactor.Reactor;
import io.netty.resolver.HostsFileEntriesResolver;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DefaultDnsCache;
import io.netty.resolver.dns.DnsCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Asynchronous name resolution on the reactor with Netty's {@link DnsNameResolver}: reads {@code
 * /etc/hosts} first, then asks the configured servers ({@code /etc/resolv.conf} by default), and
 * caches answers for their TTL (capped; a cap of 0 caches nothing, CNAMEs included). One instance
 * per fetcher. Reactor thread only.
 */
final class Dns implements AutoCloseable {
  private final DnsNameResolver resolver;
  private final DnsCache cache;
  private final Scheduler clock;
  private final FetchListener listener;

  Dns(Reactor reactor, List<InetSocketAddress> servers, Duration maxTtl, FetchListener listener) {
    this.clock = reactor;
    this.listener = listener;
    int ttl = (int) Math.min(Integer.MAX_VALUE, maxTtl.toSeconds());
    this.cache = ttl == 0 ? NoopDnsCache.INSTANCE : new DefaultDnsCache(0, ttl, 5);
    DnsNameResolverBuilder b =
        new DnsNameResolverBuilder(reactor.eventLoop())
            .datagramChannelType(reactor.datagramChannelType())
            .resolveCache(cache)
            .hostsFileEntriesResolver(HostsFileEntriesResolver.DEFAULT)
            .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
            .queryTimeoutMillis(5000)
            .maxQueriesPerResolve(8);
    if (ttl == 0) {
      b.cnameCache(NoopDnsCnameCache.INSTANCE);
    }
    if (servers.isEmpty()) {
      b.nameServerProvider(DnsServerAddressStreamProviders.platformDefault());
    } else {
      b.nameServerProvider(new SequentialDnsServerAddressStreamProvider(servers))
          .searchDomains(List.of())
          .ndots(1);
    }
    this.resolver = b.build();
  }

  /**
   * Every address of {@code host}, or a failure: {@link DnsTimeoutException} after {@code
   * timeout}, or whatever the resolver reported (mapped by the caller).
   */
  Deferred<List<InetAddress>> resolve(String host, Duration timeout) {
    var cached = cache.get(host, null);
    listener.dnsLookup(cached != null && !cached.isEmpty());
    Future<List<InetAddress>> lookup = resolver.resolveAll(host);
    Deferred<List<InetAddress>> d = NettyDeferreds.toDeferred(lookup);
    if (lookup.isDone()) {
      return d;
    }
    DelayedCall timer =
        clock.callLater(
            timeout,
            () -> {
              if (!d.isCalled()) {
                d.errback(
                    new DnsTimeoutException(
                        "DNS lookup of " + host + " took longer than " + timeout.toMillis() + " ms"));
                lookup.cancel(false);
              }
            });
    return d.addBoth(
        (List<InetAddress> v, io.fetchd.defer.Failure f) -> {
          if (timer.isActive()) {
            timer.cancel();
          }
          return f == null ? v : f.raise();
        });
  }

  @Override
  public void close() {
    resolver.close();
  }
}
