package io.fetchd.testing.upstream;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * Event loop plumbing shared by the test upstreams: one NIO thread per server, bound to 127.0.0.1
 * only, shut down with a bounded wait.
 *
 * <p>{@code MultiThreadIoEventLoopGroup} with {@link NioIoHandler} is Netty 4.2's spelling of the
 * deprecated {@code NioEventLoopGroup}; the threads are daemons so a forgotten server cannot hang
 * the test JVM. Any thread.
 */
final class TestLoops {

    /** The only address test upstreams bind to: 127.0.0.1, never a wildcard. */
    static final InetAddress LOOPBACK_V4 = NetUtil.LOCALHOST4;

    /** Upper bound on how long {@link #shutdown} waits for the loop to terminate. */
    static final long SHUTDOWN_WAIT_SECONDS = 5;

    private TestLoops() {
    }

    /** A new group with exactly one NIO event loop thread named after {@code poolName}. */
    static EventLoopGroup singleThread(String poolName) {
        return new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory(poolName, true), NioIoHandler.newFactory());
    }

    /** Shuts {@code group} down with no quiet period and waits at most five seconds. */
    static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS)
                .awaitUninterruptibly(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
