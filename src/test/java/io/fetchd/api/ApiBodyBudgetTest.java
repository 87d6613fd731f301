package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.http.ApiOptions;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request bodies being received are held in the memory budget, and refused beyond it. */
class ApiBodyBudgetTest {
  private static final int MIB = 1024 * 1024;

  private final List<Socket> sockets = new ArrayList<>();
  private MemoryBudget budget;
  private ApiHarness h;

  private void start(long budgetBytes) {
    budget = new MemoryBudget(budgetBytes);
    h = new ApiHarness(ApiOptions.DEFAULTS, budget);
  }

  @AfterEach
  void tearDown() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (h != null) {
      h.close();
    }
  }

  /** Opens a connection and sends a POST head declaring {@code length}, then {@code sent} body bytes. */
  private Socket partialUpload(long length, int sent) throws IOException {
    Socket s = h.socket();
    sockets.add(s);
    OutputStream out = s.getOutputStream();
    out.write(("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(new byte[sent]);
    out.flush();
    return s;
  }

  private long heldBodies() {
    return h.onLoop(() -> budget.used(MemoryKind.REQUEST_BODIES));
  }

  @Test
  void partialUploadsHoldTheirDeclaredLengthInTheBudgetAndTheNextIs503() throws Exception {
    start(3L * MIB);
    for (int i = 0; i < 3; i++) {
      partialUpload(MIB, 1000);
    }
    h.awaitOnLoop(() -> budget.used(MemoryKind.REQUEST_BODIES) == 3L * MIB);

    Socket refused = partialUpload(MIB, 1000);
    String got = ApiHarness.readToEof(refused.getInputStream());
    assertTrue(got.startsWith("HTTP/1.1 503"), got);
    assertTrue(got.contains("\"Overloaded\""), got);
    assertTrue(got.contains("retry-after: 1") || got.contains("Retry-After: 1"), got);
    assertEquals(200, h.get("/healthz").status(), "a request without a body is still served");
    assertEquals(3L * MIB, heldBodies(), "the refused body reserved nothing");
  }

  @Test
  void closingTheConnectionsGivesTheirBodiesBack() throws Exception {
    start(3L * MIB);
    for (int i = 0; i < 3; i++) {
      partialUpload(MIB, 1000);
    }
    h.awaitOnLoop(() -> budget.used(MemoryKind.REQUEST_BODIES) == 3L * MIB);
    for (Socket s : sockets) {
      s.close();
    }
    h.awaitOnLoop(() -> budget.used(MemoryKind.REQUEST_BODIES) == 0);
    assertEquals(0, budget.used());
  }

  @Test
  void aBodyThatCouldNeverFitTheBudgetIs413() throws Exception {
    start(512 * 1024);
    Socket s = partialUpload(600 * 1024, 10);
    String got = ApiHarness.readToEof(s.getInputStream());
    assertTrue(got.startsWith("HTTP/1.1 413"), got);
    assertTrue(got.contains("\"PayloadTooLarge\""), got);
    assertTrue(got.contains("memory budget"), got);
  }

  @Test
  void aChunkedBodyGrowingPastWhatIsLeftIs503() throws Exception {
    start(MIB + 512 * 1024);
    partialUpload(MIB, 100);
    h.awaitOnLoop(() -> budget.used(MemoryKind.REQUEST_BODIES) == MIB);
    Socket s = h.socket();
    sockets.add(s);
    OutputStream out = s.getOutputStream();
    out.write(("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    byte[] chunk = new byte[64 * 1024];
    String size = Integer.toHexString(chunk.length) + "\r\n";
    // 512 KiB fit; the ninth chunk does not.
    for (int i = 0; i < 9; i++) {
      out.write(size.getBytes(StandardCharsets.ISO_8859_1));
      out.write(chunk);
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.flush();
    String got = ApiHarness.readToEof(s.getInputStream());
    assertTrue(got.startsWith("HTTP/1.1 503"), got);
    assertTrue(got.contains("\"Overloaded\""), got);
    h.awaitOnLoop(() -> budget.used(MemoryKind.REQUEST_BODIES) == MIB);
    assertEquals(MIB, heldBodies(), "the refused chunks were given back");
  }

  @Test
  void aServedRequestGivesItsBodyBackExactlyOnce() throws Exception {
    start(3L * MIB);
    for (int i = 0; i < 3; i++) {
      assertEquals(400, h.post("/v1/fetch", "{\"urls\":[]}").status());
    }
    assertEquals(400, h.post("/v1/batches", "{\"nope\":1}").status());
    h.awaitOnLoop(() -> budget.used(MemoryKind.REQUEST_BODIES) == 0);
    assertEquals(0, budget.used(MemoryKind.REQUEST_BODIES));
  }
}
