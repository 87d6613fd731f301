package io.fetchd.testing.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.util.NetUtil;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A test-only authoritative DNS server over UDP on 127.0.0.1 (ephemeral port), built on Netty's
 * DNS codec. Names are configured with {@link #answer}, {@link #nxdomain}, {@link #servfail} or
 * {@link #silent}; any other name gets NXDOMAIN. A name with addresses but none of the queried
 * type gets an empty NOERROR answer. Queries are counted per name, so a client's TTL cache can be
 * proven. Names are compared case-insensitively, without a trailing dot.
 *
 * <p>Runs on its own single-thread NIO event loop; {@link #close()} stops it with a bounded wait.
 * Any thread; configuration may change while the server runs.
 */
public final class TestDnsServer implements AutoCloseable {

    /** TTL used by {@link #answer(String, String...)}. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    /** How one name is answered. */
    record Zone(DnsResponseCode rcode, boolean silent, List<byte[]> ipv4, List<byte[]> ipv6, long ttlSeconds) {
    }

    private static final Zone NXDOMAIN = new Zone(DnsResponseCode.NXDOMAIN, false, List.of(), List.of(), 0);

    private final EventLoopGroup group;
    private final Channel channel;
    private final InetSocketAddress address;
    private final Map<String, Zone> zones = new ConcurrentHashMap<>();
    private final Map<String, AwaitableCount> queries = new ConcurrentHashMap<>();
    private final AwaitableCount totalQueries = new AwaitableCount();

    private TestDnsServer() {
        group = TestLoops.singleThread("test-dns");
        ChannelFuture bound = new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new DnsQueryHandler(TestDnsServer.this));
                    }
                })
                .bind(new InetSocketAddress(TestLoops.LOOPBACK_V4, 0));
        if (!bound.awaitUninterruptibly(TestLoops.SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS) || !bound.isSuccess()) {
            TestLoops.shutdown(group);
            throw new IllegalStateException("could not bind udp 127.0.0.1:0", bound.cause());
        }
        channel = bound.channel();
        address = (InetSocketAddress) channel.localAddress();
    }

    public static TestDnsServer start() {
        return new TestDnsServer();
    }

    /** Answers {@code name} with these IPv4/IPv6 literals (A and AAAA respectively), TTL 60 s. */
    public TestDnsServer answer(String name, String... addresses) {
        return answer(name, DEFAULT_TTL, addresses);
    }

    /**
     * Answers {@code name} with these IPv4/IPv6 literals and {@code ttl} (whole seconds).
     *
     * @throws IllegalArgumentException if a literal is not an IP address (no lookups are made)
     */
    public TestDnsServer answer(String name, Duration ttl, String... addresses) {
        List<byte[]> ipv4 = new ArrayList<>();
        List<byte[]> ipv6 = new ArrayList<>();
        for (String literal : addresses) {
            byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
            if (bytes == null) {
                throw new IllegalArgumentException("not an IP literal: " + literal);
            }
            (bytes.length == 4 ? ipv4 : ipv6).add(bytes);
        }
        zones.put(normalize(name), new Zone(DnsResponseCode.NOERROR, false, List.copyOf(ipv4), List.copyOf(ipv6),
                ttl.toSeconds()));
        return this;
    }

    /** Answers {@code name} with NXDOMAIN (also what unconfigured names get). */
    public TestDnsServer nxdomain(String name) {
        zones.put(normalize(name), NXDOMAIN);
        return this;
    }

    /** Answers {@code name} with SERVFAIL. */
    public TestDnsServer servfail(String name) {
        zones.put(normalize(name), new Zone(DnsResponseCode.SERVFAIL, false, List.of(), List.of(), 0));
        return this;
    }

    /** Counts queries for {@code name} but never answers them (DNS timeout tests). */
    public TestDnsServer silent(String name) {
        zones.put(normalize(name), new Zone(DnsResponseCode.NOERROR, true, List.of(), List.of(), 0));
        return this;
    }

    /** Queries received for {@code name}, any type. */
    public int queries(String name) {
        AwaitableCount count = queries.get(normalize(name));
        return count == null ? 0 : count.get();
    }

    /** Queries received for all names. */
    public int totalQueries() {
        return totalQueries.get();
    }

    /** Waits until at least {@code n} queries for {@code name} have arrived; false on timeout. */
    public boolean awaitQueries(String name, int n, Duration timeout) throws InterruptedException {
        return queries.computeIfAbsent(normalize(name), key -> new AwaitableCount()).awaitAtLeast(n, timeout);
    }

    public int port() {
        return address.getPort();
    }

    /** The bound address: 127.0.0.1 and the ephemeral port; give it to a resolver as its name server. */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(TestLoops.SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        TestLoops.shutdown(group);
    }

    /** Counts a query for {@code name} and returns how to answer it. Event loop only. */
    Zone queried(String name) {
        String key = normalize(name);
        queries.computeIfAbsent(key, k -> new AwaitableCount()).increment();
        totalQueries.increment();
        return zones.getOrDefault(key, NXDOMAIN);
    }

    static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    @Override
    public String toString() {
        return "TestDnsServer[udp 127.0.0.1:" + port() + "]";
    }
}
