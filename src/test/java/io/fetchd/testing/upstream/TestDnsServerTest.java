package io.fetchd.testing.upstream;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestDnsServerTest {

    private static final int TYPE_A = 1;
    private static final int TYPE_AAAA = 28;
    private static final int RCODE_NXDOMAIN = 3;

    private TestDnsServer dns;
    private EventLoopGroup clientLoop;

    @BeforeEach
    void start() {
        dns = TestDnsServer.start();
        clientLoop = TestLoops.singleThread("dns-test-client");
    }

    @AfterEach
    void stop() {
        TestLoops.shutdown(clientLoop);
        dns.close();
    }

    @Test
    void bindsToLoopbackOnAnEphemeralPort() {
        assertEquals("127.0.0.1", dns.address().getAddress().getHostAddress());
        assertTrue(dns.port() > 0);
    }

    @Test
    void resolverGetsTheConfiguredARecords() throws Exception {
        dns.answer("api.upstream.test", "127.0.0.7", "10.1.2.3");
        Future<List<InetAddress>> resolved = resolve("api.upstream.test", ResolvedAddressTypes.IPV4_ONLY);
        assertTrue(resolved.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("127.0.0.7", "10.1.2.3"),
                resolved.getNow().stream().map(InetAddress::getHostAddress).toList());
    }

    @Test
    void resolverGetsTheConfiguredAaaaRecord() throws Exception {
        dns.answer("v6.upstream.test", "127.0.0.1", "::1");
        Future<List<InetAddress>> resolved = resolve("v6.upstream.test", ResolvedAddressTypes.IPV6_ONLY);
        assertTrue(resolved.await(5, TimeUnit.SECONDS));
        assertArrayEquals(InetAddress.getByName("::1").getAddress(), resolved.getNow().get(0).getAddress());
    }

    @Test
    void unknownNameFailsResolutionWithNxdomain() throws Exception {
        Future<List<InetAddress>> resolved = resolve("missing.upstream.test", ResolvedAddressTypes.IPV4_ONLY);
        assertTrue(resolved.await(5, TimeUnit.SECONDS));
        assertInstanceOf(UnknownHostException.class, resolved.cause());
        assertTrue(dns.queries("missing.upstream.test") >= 1);
    }

    @Test
    void answerCarriesTheConfiguredTtl() throws Exception {
        dns.answer("ttl.upstream.test", Duration.ofSeconds(7), "192.0.2.1");
        ByteBuffer response = exchange(query(0x1234, "ttl.upstream.test", TYPE_A));
        assertEquals(0x1234, response.getShort(0) & 0xffff);
        assertEquals(0, response.get(3) & 0x0f);
        assertEquals(1, response.getShort(6));
        skipHeaderAndQuestion(response);
        skipName(response);
        assertEquals(TYPE_A, response.getShort());
        response.getShort(); // class
        assertEquals(7, response.getInt());
        assertEquals(4, response.getShort());
        byte[] address = new byte[4];
        response.get(address);
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, address);
    }

    @Test
    void explicitNxdomainAnswersWithRcode3() throws Exception {
        dns.answer("gone.upstream.test", "192.0.2.1").nxdomain("gone.upstream.test");
        ByteBuffer response = exchange(query(7, "gone.upstream.test", TYPE_A));
        assertEquals(RCODE_NXDOMAIN, response.get(3) & 0x0f);
        assertEquals(0, response.getShort(6));
    }

    @Test
    void nameWithoutRecordsOfTheQueriedTypeGetsAnEmptyAnswer() throws Exception {
        dns.answer("v4only.upstream.test", "192.0.2.1");
        ByteBuffer response = exchange(query(8, "v4only.upstream.test", TYPE_AAAA));
        assertEquals(0, response.get(3) & 0x0f);
        assertEquals(0, response.getShort(6));
    }

    @Test
    void silentNameIsCountedButNeverAnswered() throws Exception {
        dns.silent("black.hole.test");
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            socket.setSoTimeout(200);
            byte[] query = query(9, "black.hole.test", TYPE_A);
            socket.send(new DatagramPacket(query, query.length, dns.address()));
            assertThrows(SocketTimeoutException.class, () -> socket.receive(new DatagramPacket(new byte[512], 512)));
        }
        assertEquals(1, dns.queries("black.hole.test"));
    }

    @Test
    void queriesAreCountedPerNameIgnoringCaseAndTrailingDot() throws Exception {
        dns.answer("count.upstream.test", "192.0.2.1");
        exchange(query(1, "count.upstream.test", TYPE_A));
        exchange(query(2, "COUNT.upstream.test", TYPE_A));
        exchange(query(3, "other.upstream.test", TYPE_A));
        assertEquals(2, dns.queries("count.upstream.test."));
        assertEquals(1, dns.queries("other.upstream.test"));
        assertEquals(3, dns.totalQueries());
    }

    @Test
    void answerRejectsANonLiteralAddress() {
        assertThrows(IllegalArgumentException.class, () -> dns.answer("x.test", "example.com"));
    }

    private Future<List<InetAddress>> resolve(String name, ResolvedAddressTypes types) {
        DnsNameResolver resolver = new DnsNameResolverBuilder(clientLoop.next())
                .datagramChannelType(NioDatagramChannel.class)
                .nameServerProvider(new SingletonDnsServerAddressStreamProvider(dns.address()))
                .resolveCache(NoopDnsCache.INSTANCE)
                .searchDomains(List.of())
                .resolvedAddressTypes(types)
                .queryTimeoutMillis(2_000)
                .maxQueriesPerResolve(2)
                .build();
        Future<List<InetAddress>> resolved = resolver.resolveAll(name);
        resolved.addListener(done -> resolver.close());
        return resolved;
    }

    /** A minimal RFC 1035 query: header with RD set, one question, class IN. */
    private static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
        out.writeBytes(new byte[] {(byte) (type >> 8), (byte) type, 0, 1});
        return out.toByteArray();
    }

    private ByteBuffer exchange(byte[] query) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            socket.setSoTimeout(5_000);
            socket.send(new DatagramPacket(query, query.length, dns.address()));
            DatagramPacket reply = new DatagramPacket(new byte[512], 512);
            socket.receive(reply);
            return ByteBuffer.wrap(Arrays.copyOf(reply.getData(), reply.getLength()));
        }
    }

    private static void skipHeaderAndQuestion(ByteBuffer message) {
        message.position(12);
        skipName(message);
        message.position(message.position() + 4);
    }

    private static void skipName(ByteBuffer message) {
        while (true) {
            int length = message.get() & 0xff;
            if (length == 0) {
                return;
            }
            if ((length & 0xc0) == 0xc0) {
                message.get();
                return;
            }
            message.position(message.position() + length);
        }
    }
}
