package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default (strict) address policy, end to end: every spelling of a loopback, private or
 * metadata destination is refused before any connection is made.
 *
 * <p>The loopback target is a bare non-blocking listening socket rather than a MockWebServer:
 * a completed TCP handshake sits in its accept queue, so a {@code null} from {@code accept()}
 * after the fetch has ended proves no connection was made, not only that no request was read.
 */
class AddressPolicyFetchTest {
  private ServerSocketChannel listener;
  private int port;
  private FetcherHarness h;
  private final Queue<String> blocked = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void setUp() throws IOException {
    listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    listener.configureBlocking(false);
    port = listener.socket().getLocalPort();
    h =
        new FetcherHarness(
            c -> FetcherConfig.DEFAULTS,
            new FetchListener() {
              @Override
              public void blocked(String reason) {
                blocked.add(reason);
              }
            });
  }

  @AfterEach
  void tearDown() throws IOException {
    h.close();
    listener.close();
  }

  /** The connection the listening socket has waiting, or null; never waits. */
  private SocketChannel pendingConnection() throws IOException {
    return listener.accept();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://127.0.0.1:PORT/, loopback",
    "http://2130706433:PORT/, loopback",
    "http://0x7f.1:PORT/, loopback",
    "http://0177.0.0.1:PORT/, loopback",
    "http://127.1:PORT/, loopback",
    "http://[::1]:PORT/, loopback",
    "http://[::ffff:127.0.0.1]:PORT/, loopback",
    "http://0.0.0.0:PORT/, unspecified",
    "http://[::]:PORT/, unspecified",
    "http://169.254.169.254/latest/meta-data/, cloud_metadata",
    "http://168.63.129.16/, cloud_metadata",
    "http://10.1.2.3/, private",
    "http://100.64.0.1/, cgnat",
    "http://localhost:PORT/, loopback",
  })
  void strictPolicyRefusesTheDestinationWithoutConnecting(String template, String reason)
      throws IOException {
    String url = template.replace("PORT", Integer.toString(port));
    BlockedAddressException e = h.fetch(url).failed(BlockedAddressException.class);
    assertEquals("BlockedAddress", e.type());
    assertTrue(e.getMessage().contains("(" + reason + ")"), e.getMessage());
    assertEquals(reason, blocked.peek());
    assertNull(pendingConnection(), "no TCP connection reached the listener");
    assertEquals(0, (int) h.onLoop(h.fetcher::openConnections));
    assertNotNull(e.details(), "the failure carries the fetch's details");
    assertNull(e.details().timings().connect(), "no connect phase happened");
  }

  @Test
  void hostNameResolvingToLoopbackIsRefusedAfterDns() {
    BlockedAddressException e =
        h.fetch("http://localhost:" + port + "/").failed(BlockedAddressException.class);
    assertTrue(e.getMessage().contains("localhost"), e.getMessage());
    assertNotNull(e.details().timings().dns(), "the name was resolved, then its address checked");
  }

  @Test
  void listenerProbeSeesAConnectionWhenThePolicyAllowsLoopback() throws Exception {
    // Control for the probe above: with 127.0.0.0/8 allowed, the same fetch does connect.
    try (FetcherHarness permissive = new FetcherHarness()) {
      FetchRequest r =
          new FetchRequest(
              "http://127.0.0.1:" + port + "/",
              RequestOptions.DEFAULTS.withTimeouts(
                  Timeouts.DEFAULTS.withFirstByte(Duration.ofMillis(100))));
      permissive.fetch(r).failed(FirstByteTimeoutException.class);
      try (SocketChannel accepted = pendingConnection()) {
        assertNotNull(accepted, "the fetch's connection waits in the accept queue");
      }
    }
  }
}
