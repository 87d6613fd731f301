package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fetchd.client.FetcherHarness.Outcome;
import io.fetchd.defer.Deferred;
import io.fetchd.reactor.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.FileDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One client's disconnect never fails another client's fetch (issue 14).
 *
 * <p>The interleaving is built step by step. Fetch B holds the only slot of an origin, and fetch W
 * (another client's) waits for it. A "client" channel on the reactor loop cancels B when it closes,
 * as the API does for a client that disconnects. With the loop held in a task, the client's peer
 * closes and then B's upstream sends bytes, so a single {@code epoll_wait} returns both: the
 * client's close first, B's read after it. Dispatching the close cancels B, which closes B's
 * connection (freeing its descriptor number) and hands the slot to W. Before the fix, W opened its
 * socket right there. The kernel gave it B's number, epoll routed B's pending read to it by that
 * number, the read failed on the unconnected socket, the socket was closed, and W failed with
 * {@code ConnectFailed ... StacklessClosedChannelException}.
 *
 * <p>Before the fetch runs, every free descriptor number below B's is filled, so the kernel gives
 * B's number to the next socket. The test then checks that W's socket really did get B's number,
 * so a pass is never luck. No time passes while the loop is held: it is released by an event.
 */
class DisconnectRaceTest {
  private static final Duration WAIT = FetcherHarness.WAIT;
  private static final byte[] OK =
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

  private ServerSocket upstream;
  private ServerSocket clients;
  private FetcherHarness h;
  private final List<Socket> sockets = new ArrayList<>();
  private final List<FileDescriptor> plugs = new ArrayList<>();
  private Thread server;

  @BeforeEach
  void setUp() throws IOException {
    upstream = listen();
    clients = listen();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (h != null) {
      h.close();
    }
    for (FileDescriptor p : plugs) {
      p.close();
    }
    for (Socket s : sockets) {
      s.close();
    }
    upstream.close();
    clients.close();
    if (server != null) {
      server.join(WAIT.toMillis());
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"EPOLL", "NIO"})
  void aWaiterGivenTheSlotOfAFetchCancelledByADisconnectConnectsCleanly(Transport transport)
      throws Exception {
    assumeTrue(transport.isAvailable(), transport + " is not available here");
    boolean checkFds = transport == Transport.EPOLL && LoopbackFds.available();
    h = new FetcherHarness(transport, c -> c.withMaxConnectionsPerHost(1));
    String url = "http://127.0.0.1:" + upstream.getLocalPort();

    // B holds the origin's one slot; W, queued behind it, stands for another client's fetch.
    List<CancelTest.Started> started =
        h.onLoop(() -> List.of(startOnLoop(url + "/cancelled"), startOnLoop(url + "/waiter")));
    CancelTest.Started b = started.get(0);
    CancelTest.Started w = started.get(1);
    Socket toB = accept(upstream);
    readHead(toB);
    int bFd = checkFds ? LoopbackFds.ofLocalPort(toB.getPort()) : -1;
    if (checkFds) {
      plugHolesBelow(bFd);
    }

    // The client whose disconnect cancels B, on the reactor loop like an API connection.
    ChannelFuture client = h.onLoop(() -> connectClient(b.deferred()));
    Socket clientPeer = accept(clients);
    assertTrue(client.await(WAIT.toMillis()) && client.isSuccess(), "the client is connected");

    // The loop waits in a task while both events become ready: the disconnect, then B's bytes.
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    h.reactor.callFromThread(
        () -> {
          held.countDown();
          awaitLatch(release);
        });
    awaitLatch(held);
    CompletableFuture<Socket> toW = serveOne(upstream);
    clientPeer.close();
    toB.getOutputStream().write(OK);
    toB.getOutputStream().flush();
    release.countDown();

    FetcherHarness.await(b.outcome()).failed(FetchCancelledException.class);
    FetchResult waiter = FetcherHarness.await(w.outcome()).ok();
    assertEquals(200, waiter.status());
    assertEquals(2, waiter.bytes());
    if (checkFds) {
      Socket wSocket = FetcherHarness.await(toW);
      assertEquals(
          bFd,
          LoopbackFds.ofLocalPort(wSocket.getPort()),
          "the waiter's socket got the cancelled connection's descriptor number");
    }
  }

  /** Starts a fetch whose own timers outlast the test's waits. Reactor thread. */
  private CancelTest.Started startOnLoop(String target) {
    CompletableFuture<Outcome> out = new CompletableFuture<>();
    Duration longer = WAIT.multipliedBy(3);
    Timeouts patient =
        Timeouts.DEFAULTS.withFirstByte(longer).withIdleRead(longer).withDeadline(longer);
    Deferred<FetchResult> d =
        h.fetcher.fetch(new FetchRequest(target, RequestOptions.DEFAULTS.withTimeouts(patient)));
    FetcherHarness.handle(d, out);
    return new CancelTest.Started(d, out);
  }

  /** A client channel on the reactor loop that cancels {@code fetch} when it closes. */
  private ChannelFuture connectClient(Deferred<FetchResult> fetch) {
    ChannelFuture f =
        new Bootstrap()
            .group(h.reactor.eventLoop())
            .channel(h.reactor.socketChannelType())
            .handler(new ChannelInboundHandlerAdapter())
            .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), clients.getLocalPort()));
    f.channel().closeFuture().addListener(closed -> fetch.cancel());
    return f;
  }

  /**
   * Fills every free descriptor number below {@code fd}, so that once {@code fd} is closed it is
   * the lowest free number, the one the kernel gives the next socket.
   */
  private void plugHolesBelow(int fd) throws IOException {
    for (int i = 0; i <= fd; i++) {
      FileDescriptor plug = FileDescriptor.from("/dev/null");
      plugs.add(plug);
      if (plug.intValue() > fd) {
        return;
      }
    }
  }

  /** Accepts one connection, reads its request head and answers 200 with a two-byte body. */
  private CompletableFuture<Socket> serveOne(ServerSocket on) {
    CompletableFuture<Socket> served = new CompletableFuture<>();
    server =
        new Thread(
            () -> {
              try {
                Socket s = accept(on);
                readHead(s);
                s.getOutputStream().write(OK);
                s.getOutputStream().flush();
                served.complete(s);
              } catch (IOException | RuntimeException e) {
                served.completeExceptionally(e);
              }
            },
            "disconnect-race-upstream");
    server.start();
    return served;
  }

  private Socket accept(ServerSocket on) throws IOException {
    Socket s = on.accept();
    synchronized (sockets) {
      sockets.add(s);
    }
    s.setSoTimeout((int) WAIT.toMillis());
    return s;
  }

  private static ServerSocket listen() throws IOException {
    ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    s.setSoTimeout((int) WAIT.toMillis());
    return s;
  }

  /** Reads up to the blank line that ends a request head (bounded by the socket's timeout). */
  private static void readHead(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (head.size() < 64 * 1024) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed inside the request head: " + head);
      }
      head.write(c);
      byte[] b = head.toByteArray();
      int n = b.length;
      if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
        return;
      }
    }
    throw new IOException("request head too long");
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("not within " + WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
