package io.fetchd.testing.upstream;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A test-only HTTP/1.1 upstream that misbehaves on purpose. It reads request heads with a tiny
 * parser ({@link RequestHeadDecoder}) and answers with raw bytes chosen per path by a
 * {@link Behaviour}; there is no HTTP encoder, so responses can be malformed, truncated, endless
 * or reset. Keep-alive and pipelined requests are served in order on one connection.
 *
 * <p>Binds to 127.0.0.1 on an ephemeral port when created; runs on its own single-thread NIO
 * event loop, which {@link #close()} shuts down (waiting at most five seconds). Unrouted paths get
 * a 404. Any thread.
 */
public final class HostileHttpServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final InetSocketAddress address;
    private final Map<String, Behaviour> routes = new ConcurrentHashMap<>();
    private volatile Behaviour fallback =
            Behaviour.ok(404, Map.of("Content-Type", "text/plain"), "no route".getBytes(StandardCharsets.UTF_8));
    private final AwaitableCount accepted = new AwaitableCount();
    private final AwaitableCount open = new AwaitableCount();
    private final AwaitableCount received = new AwaitableCount();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<Throwable> behaviourFailures = new ArrayList<>();

    private HostileHttpServer() {
        group = TestLoops.singleThread("hostile-http");
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new RequestHeadDecoder(), new ConnectionHandler(HostileHttpServer.this));
                    }
                })
                .bind(new InetSocketAddress(TestLoops.LOOPBACK_V4, 0));
        if (!bound.awaitUninterruptibly(TestLoops.SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS) || !bound.isSuccess()) {
            TestLoops.shutdown(group);
            throw new IllegalStateException("could not bind 127.0.0.1:0", bound.cause());
        }
        serverChannel = bound.channel();
        address = (InetSocketAddress) serverChannel.localAddress();
    }

    /** Starts a server with no routes (every path 404s until routed). */
    public static HostileHttpServer start() {
        return new HostileHttpServer();
    }

    /** Routes requests whose path (target without query) equals {@code path}. Returns this. */
    public HostileHttpServer route(String path, Behaviour behaviour) {
        routes.put(path, behaviour);
        return this;
    }

    /** What unrouted paths get; default a 404 with keep-alive. Returns this. */
    public HostileHttpServer fallback(Behaviour behaviour) {
        this.fallback = behaviour;
        return this;
    }

    public int port() {
        return address.getPort();
    }

    /** The bound address: always 127.0.0.1 and the ephemeral port. */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code http://127.0.0.1:PORT/path}; a missing leading slash is added. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + (path.startsWith("/") ? "" : "/") + path;
    }

    /** Connections accepted since start. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Connections currently open. */
    public int openConnections() {
        return open.get();
    }

    /** Request heads received since start, over all connections. */
    public int requestsReceived() {
        return received.get();
    }

    /** Every request head received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Exceptions thrown by behaviours (each also closed its connection); empty if none. */
    public List<Throwable> behaviourFailures() {
        synchronized (behaviourFailures) {
            return List.copyOf(behaviourFailures);
        }
    }

    /** Waits until at least {@code n} connections have been accepted; false on timeout. */
    public boolean awaitConnections(int n, Duration timeout) throws InterruptedException {
        return accepted.awaitAtLeast(n, timeout);
    }

    /** Waits until at least {@code n} requests have been received; false on timeout. */
    public boolean awaitRequests(int n, Duration timeout) throws InterruptedException {
        return received.awaitAtLeast(n, timeout);
    }

    /** Waits until at most {@code n} connections are open; false on timeout. */
    public boolean awaitOpenConnectionsAtMost(int n, Duration timeout) throws InterruptedException {
        return open.awaitAtMost(n, timeout);
    }

    /** Closes the listening socket and every connection, then stops the loop (bounded wait). */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(TestLoops.SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        TestLoops.shutdown(group);
    }

    Behaviour behaviourFor(String path) {
        Behaviour behaviour = routes.get(path);
        return behaviour != null ? behaviour : fallback;
    }

    void connectionOpened() {
        open.increment(); // first, so a test that saw the accept also sees the open connection
        accepted.increment();
    }

    void connectionClosed() {
        open.decrement();
    }

    void requestReceived(RecordedRequest request) {
        synchronized (requests) {
            requests.add(request);
        }
        received.increment();
    }

    void behaviourFailed(Throwable failure) {
        synchronized (behaviourFailures) {
            behaviourFailures.add(failure);
        }
    }

    @Override
    public String toString() {
        return "HostileHttpServer[" + url("/") + "]";
    }
}
