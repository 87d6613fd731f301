package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fetchd.defer.Deferred;
import io.fetchd.reactor.Transport;
import io.fetchd.testing.upstream.Behaviour;
import io.fetchd.testing.upstream.HostileHttpServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bounded stress around issue 14's disconnect race, as the API sees it: many clients, each with a
 * group of fetches to one healthy upstream sharing the fetcher's pool, and half of the clients
 * disconnect part-way. A disconnect (its peer closes the client's connection) cancels the rest of
 * that client's group. No fetch of a client that stayed may fail, and no fetch of one that left
 * may end other than succeeded or cancelled. Runs rounds for about a second per transport. {@link
 * DisconnectRaceTest} is the deterministic proof; this one looks for anything else.
 */
class DisconnectStressTest {
  private static final int CLIENTS = 20;
  private static final int FETCHES_PER_CLIENT = 60;
  private static final Duration BUDGET = Duration.ofSeconds(1);

  private HostileHttpServer upstream;
  private EventLoopGroup peers;
  private Channel peerServer;
  /** Each accepted client connection, by the client's local port. */
  private final Map<Integer, Channel> peerByPort = new ConcurrentHashMap<>();
  private FetcherHarness h;

  @BeforeEach
  void setUp() {
    upstream = HostileHttpServer.start().fallback(Behaviour.ok("ok"));
    peers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    peerServer =
        new ServerBootstrap()
            .group(peers)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    peerByPort.put(ch.remoteAddress().getPort(), ch);
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
  }

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
    peerServer.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    peers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    upstream.close();
  }

  @ParameterizedTest
  @EnumSource(names = {"EPOLL", "NIO"})
  void disconnectsOfHalfTheClientsFailNoFetchOfTheOthers(Transport transport) {
    assumeTrue(transport.isAvailable(), transport + " is not available here");
    h = new FetcherHarness(transport, c -> c.withMaxConnectionsPerHost(8));
    long end = System.nanoTime() + BUDGET.toNanos();
    int rounds = 0;
    List<String> wrong = new ArrayList<>();
    do {
      wrong.addAll(round());
      rounds++;
    } while (System.nanoTime() < end && wrong.isEmpty());
    assertEquals(List.of(), wrong, "wrong outcomes in round " + rounds);
    assertTrue(rounds >= 1);
  }

  /** One round: every client's group, half of them cut; returns the wrong outcomes. */
  private List<String> round() {
    List<ChannelFuture> connecting = h.onLoop(this::connectClients);
    List<Channel> clients = new ArrayList<>();
    for (ChannelFuture f : connecting) {
      assertTrue(f.awaitUninterruptibly(FetcherHarness.WAIT.toMillis()) && f.isSuccess(), "client connected");
      clients.add(f.channel());
    }
    List<Channel> peersOfClients = new ArrayList<>();
    for (Channel c : clients) {
      int port = ((InetSocketAddress) c.localAddress()).getPort();
      h.awaitOnLoop("the client's peer accepted", () -> peerByPort.containsKey(port));
      peersOfClients.add(peerByPort.remove(port));
    }
    CompletableFuture<List<String>> wrong = h.onLoop(() -> runGroups(clients, peersOfClients));
    List<String> result = FetcherHarness.await(wrong);
    for (Channel c : clients) {
      c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    return result;
  }

  private List<ChannelFuture> connectClients() {
    List<ChannelFuture> out = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      out.add(
          new Bootstrap()
              .group(h.reactor.eventLoop())
              .channel(h.reactor.socketChannelType())
              .handler(new ChannelInboundHandlerAdapter())
              .connect(peerServer.localAddress()));
    }
    return out;
  }

  /**
   * Starts every client's group; an odd client's peer closes after a random number of its outcomes,
   * and the client's close cancels the rest of its group. Reactor thread. Completes with the wrong
   * outcomes once every fetch has one.
   */
  private CompletableFuture<List<String>> runGroups(List<Channel> clients, List<Channel> peerChannels) {
    CompletableFuture<List<String>> done = new CompletableFuture<>();
    List<String> wrong = new ArrayList<>();
    int[] pending = {CLIENTS * FETCHES_PER_CLIENT};
    for (int c = 0; c < CLIENTS; c++) {
      boolean leaves = c % 2 == 1;
      int cutAfter = leaves ? ThreadLocalRandom.current().nextInt(1, FETCHES_PER_CLIENT / 2) : -1;
      Channel peer = peerChannels.get(c);
      List<Deferred<FetchResult>> group = new ArrayList<>();
      int[] outcomes = {0};
      for (int i = 0; i < FETCHES_PER_CLIENT; i++) {
        String url = upstream.url("/c" + c + "/" + i);
        Deferred<FetchResult> d = h.fetcher.fetch(FetchRequest.get(url));
        group.add(d);
        d.addBoth(
            (FetchResult r, io.fetchd.defer.Failure f) -> {
              boolean ok = f == null;
              boolean cancelled = !ok && f.value() instanceof FetchCancelledException;
              if (!ok && !(leaves && cancelled)) {
                wrong.add(url + " (client " + (leaves ? "that left" : "that stayed") + "): " + f.value());
              }
              if (++outcomes[0] == cutAfter) {
                peer.close(); // on the peers' loop: the FIN reaches the client as I/O
              }
              if (--pending[0] == 0) {
                done.complete(wrong);
              }
              return null;
            });
      }
      clients.get(c).closeFuture().addListener(closed -> group.forEach(Deferred::cancel));
    }
    return done;
  }
}
