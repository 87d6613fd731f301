package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.http.ApiOptions;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Response bytes queued for a client that does not read count in the budget as queued responses,
 * stay near the channel's high-water mark, and are given back when the connection ends.
 */
class ApiQueuedResponsesTest {
  private static final int URLS = 200;
  private static final int BODY_BYTES = 32 * 1024;

  private final MemoryBudget budget = new MemoryBudget(1L << 30);
  private Upstream up;
  private ApiHarness h;

  @BeforeEach
  void setUp() throws Exception {
    up = new Upstream();
    h = new ApiHarness(ApiOptions.DEFAULTS, budget);
  }

  @AfterEach
  void tearDown() throws Exception {
    up.close();
    h.close();
  }

  /** Opens a connection that asks for ~6 MB of NDJSON and reads nothing yet. */
  private Socket stalledStream() throws Exception {
    StringBuilder urls = new StringBuilder();
    for (int i = 0; i < URLS; i++) {
      urls.append(i == 0 ? "" : ",").append('"').append(up.url("/big/" + BODY_BYTES + "/" + i)).append('"');
    }
    String body = "{\"urls\":[" + urls + "],\"options\":{\"body\":\"text\"}}";
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new InetSocketAddress("127.0.0.1", h.port), 5000);
    s.setSoTimeout((int) ApiHarness.WAIT.toMillis());
    s.getOutputStream().write(("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Accept: application/x-ndjson\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n"
        + body).getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
    h.awaitOnLoop(() -> up.server.getRequestCount() >= URLS && h.engine.runningBatches() == 0);
    return s;
  }

  @Test
  void aClientThatNeverReadsHoldsAboutTheHighWaterMarkInTheBudget() throws Exception {
    try (Socket s = stalledStream()) {
      long queued = h.onLoop(() -> budget.used(MemoryKind.QUEUED_RESPONSES));
      long pending = h.onLoop(h.server::pendingWriteBytes);
      assertTrue(queued > 0, "the stalled bytes are counted");
      // Netty adds 96 bytes of bookkeeping per queued write to its own count; the budget counts bytes.
      assertTrue(queued <= pending && pending - queued < 8 * 1024,
          "the budget counts what Netty has queued: " + queued + " of " + pending);
      assertTrue(queued < 256 * 1024, "about the 64 KiB high-water mark plus one line: " + queued);
    }
  }

  @Test
  void aStalledClientThatDisconnectsGivesItsQueuedBytesBack() throws Exception {
    Socket s = stalledStream();
    s.setSoLinger(true, 0);
    s.close();
    h.awaitOnLoop(() -> h.server.openConnections() == 0);
    assertEquals(0, (long) h.onLoop(() -> budget.used(MemoryKind.QUEUED_RESPONSES)));
  }

  @Test
  void aClientThatReadsEverythingLeavesNothingQueued() throws Exception {
    try (Socket s = stalledStream()) {
      String stream = ApiHarness.readToEof(s.getInputStream());
      assertTrue(stream.startsWith("HTTP/1.1 200"));
    }
    h.awaitOnLoop(() -> budget.used(MemoryKind.QUEUED_RESPONSES) == 0);
    assertEquals(0, budget.used(MemoryKind.QUEUED_RESPONSES));
  }
}
