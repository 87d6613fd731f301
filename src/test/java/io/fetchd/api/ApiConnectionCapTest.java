package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.http.ConnectionLimiter;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** server.maxConnections: refused cleanly at the cap, idle keep-alive connections shed near it. */
class ApiConnectionCapTest {
  private static final int CAP = 10;

  private final List<Socket> sockets = new ArrayList<>();
  private final MemoryBudget budget = new MemoryBudget(1L << 30);
  private ApiHarness h;

  @BeforeEach
  void setUp() {
    h = new ApiHarness(ApiOptions.DEFAULTS.withMaxConnections(CAP), budget);
  }

  @AfterEach
  void tearDown() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    h.close();
  }

  private Socket open() throws IOException {
    Socket s = h.socket();
    sockets.add(s);
    return s;
  }

  @Test
  void atTheCapANewConnectionGetsA503OverloadedAndIsClosed() throws Exception {
    for (int i = 0; i < CAP; i++) {
      OutputStream out = open().getOutputStream();
      out.write(("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      long held = (i + 1) * 100L;
      // Each connection is receiving a request, so none is idle and none can be shed.
      h.awaitOnLoop(() -> budget.used(MemoryKind.REQUEST_BODIES) == held);
    }

    String got = ApiHarness.readToEof(open().getInputStream());
    assertTrue(got.startsWith("HTTP/1.1 503"), got);
    assertTrue(got.contains("Retry-After: 1"), got);
    assertTrue(got.contains("Connection: close"), got);
    assertTrue(got.contains("\"type\":\"Overloaded\""), got);
    assertEquals(CAP, (int) h.onLoop(h.server::openConnections));
    assertEquals(1L, (long) h.onLoop(h.server::refusedConnections));
  }

  @Test
  void nearTheCapTheLongestIdleConnectionsAreShedAndANormalClientIsServed() throws Exception {
    for (int i = 0; i < 3 * CAP; i++) {
      open();
      int accepted = i + 1;
      h.awaitOnLoop(() -> h.server.openConnections() + h.server.shedConnections() == accepted);
      assertTrue(h.server.openConnections() <= CAP);
    }
    assertEquals(200, h.get("/healthz").status());
    assertEquals(0L, (long) h.onLoop(h.server::refusedConnections), "nobody was refused");
    assertTrue(h.onLoop(h.server::shedConnections) >= 2 * CAP);
    assertEquals(-1, sockets.get(0).getInputStream().read(), "the longest idle went first");
    Socket newest = sockets.get(sockets.size() - 1);
    newest.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    assertTrue(ApiHarness.readToEof(newest.getInputStream()).startsWith("HTTP/1.1 200"), "the newest is kept");
  }

  @Test
  void theDefaultCapLeavesDescriptorsForUpstreamConnections() {
    assertEquals(10_000, ConnectionLimiter.defaultMax(1_048_576));
    assertEquals(10_000, ConnectionLimiter.defaultMax(65_536));
    assertEquals(512, ConnectionLimiter.defaultMax(1024));
    assertEquals(4096 - 1152, ConnectionLimiter.defaultMax(4096));
    assertEquals(16, ConnectionLimiter.defaultMax(20));
    assertEquals(10_000, ConnectionLimiter.defaultMax(0), "unknown limit");
  }
}
