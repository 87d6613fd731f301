package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.testing.upstream.Behaviour;
import io.fetchd.testing.upstream.HostileHttpServer;
import io.fetchd.testing.upstream.TestDnsServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Name resolution through a test DNS server (names under {@code .test}, which no hosts file has):
 * answers are fetched from, timed and cached; NXDOMAIN and silence are their own failures; and
 * every resolved address passes the address policy (loopback only here) before any connection.
 */
class DnsFetchTest {
  private static final String NAME = "upstream.test";

  private TestDnsServer dns;
  private HostileHttpServer server;
  private FetcherHarness h;

  @BeforeEach
  void setUp() {
    dns = TestDnsServer.start();
    server = HostileHttpServer.start();
    server.route("/ok", Behaviour.ok("resolved"));
    h = new FetcherHarness(c -> c.withDnsServers(List.of(dns.address())));
  }

  @AfterEach
  void tearDown() {
    h.close();
    server.close();
    dns.close();
  }

  private String url(String host) {
    return "http://" + host + ":" + server.port() + "/ok";
  }

  @Test
  void nameAnsweredWithLoopbackIsFetchedAndItsLookupTimed() {
    dns.answer(NAME, "127.0.0.1");

    FetchResult r =
        h.fetch(new FetchRequest(url(NAME), RequestOptions.DEFAULTS.withBody(BodyMode.TEXT))).ok();

    assertEquals("resolved", r.bodyText());
    assertNotNull(r.timings().dns(), "a name is resolved");
    assertTrue(dns.queries(NAME) >= 1);
    assertEquals(NAME + ":" + server.port(), server.requests().get(0).header("host"));
  }

  @Test
  void nxdomainFailsWithDnsFailure() {
    dns.nxdomain("missing.test");

    DnsFailureException e = h.fetch(url("missing.test")).failed(DnsFailureException.class);

    assertEquals("DnsFailure", e.type());
    assertEquals(0, server.connectionsAccepted());
  }

  @Test
  void silentServerFailsWithDnsTimeout() {
    dns.silent("silent.test");
    Duration timeout = Duration.ofMillis(300);

    DnsTimeoutException e =
        h.fetch(
                new FetchRequest(
                    url("silent.test"),
                    RequestOptions.DEFAULTS.withTimeouts(Timeouts.DEFAULTS.withDns(timeout))))
            .failed(DnsTimeoutException.class);

    assertEquals("DnsTimeout", e.type());
    assertEquals("dns", e.phase());
    assertNotNull(e.details());
    assertTrue(e.details().timings().total().compareTo(timeout) >= 0);
    assertTrue(e.details().timings().total().compareTo(Duration.ofSeconds(5)) < 0,
        "the fetch's DNS timeout, not the resolver's own 5 s query timeout");
  }

  @Test
  void secondFetchOfANameIsAnsweredFromTheCache() {
    dns.answer(NAME, "127.0.0.1");

    h.fetch(url(NAME)).ok();
    int afterFirst = dns.queries(NAME);
    FetchResult second = h.fetch(url(NAME)).ok();

    // The resolver prefers IPv4 but asks for both A and AAAA: one query per type, once.
    assertTrue(afterFirst >= 1 && afterFirst <= 2, afterFirst + " queries");
    assertEquals(afterFirst, dns.queries(NAME), "the second lookup asked nobody");
    assertTrue(second.connectionReused(), "and needed no new connection either");
  }

  @Test
  void aFetcherWithoutReuseAsksTheServerAndDialsAgainForEveryFetch() {
    h.close();
    h = new FetcherHarness(c -> c.withDnsServers(List.of(dns.address())).withoutReuse());
    dns.answer(NAME, "127.0.0.1");

    FetchResult first = h.fetch(url(NAME)).ok();
    int afterFirst = dns.queries(NAME);
    FetchResult second = h.fetch(url(NAME)).ok();

    assertTrue(afterFirst >= 1, afterFirst + " queries");
    assertTrue(dns.queries(NAME) > afterFirst, "the second fetch asked the DNS server again");
    assertNotNull(second.timings().dns(), "and timed its own lookup");
    assertFalse(first.connectionReused());
    assertFalse(second.connectionReused(), "and dialled a new connection");
    assertNotNull(second.timings().connect());
  }

  @Test
  void nameAnsweredWithAPrivateAddressIsBlockedWithoutConnecting() {
    dns.answer("private.test", "10.0.0.1");

    BlockedAddressException e = h.fetch(url("private.test")).failed(BlockedAddressException.class);

    assertEquals("BlockedAddress", e.type());
    assertTrue(e.getMessage().contains("10.0.0.1"), e.getMessage());
    assertNull(e.details().timings().connect(), "no connect phase");
    assertEquals(0, (int) h.onLoop(h.fetcher::openConnections));
  }

  @Test
  void everyResolvedAddressIsCheckedNotOnlyTheFirst() {
    // 127.0.0.1 is allowed and first, and the server listens there: checking only the address
    // dialled would connect to it.
    dns.answer("mixed.test", "127.0.0.1", "10.0.0.1");

    h.fetch(url("mixed.test")).failed(BlockedAddressException.class);

    assertEquals(0, server.connectionsAccepted());
  }
}
