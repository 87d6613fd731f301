package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client that reads an NDJSON stream slowly costs the server a bounded buffer, not the stream. */
class ApiBackpressureTest {
  private static final int URLS = 300;
  private static final int BODY_BYTES = 32 * 1024;

  private Upstream up;
  private ApiHarness h;

  @BeforeEach
  void setUp() throws Exception {
    up = new Upstream();
    h = new ApiHarness();
  }

  @AfterEach
  void tearDown() throws Exception {
    up.close();
    h.close();
  }

  @Test
  void aClientThatStopsReadingHoldsTheStreamAtTheHighWaterMarkNotTheWholeBatch() throws Exception {
    StringBuilder urls = new StringBuilder();
    for (int i = 0; i < URLS; i++) {
      urls.append(i == 0 ? "" : ",").append('"').append(up.url("/big/" + BODY_BYTES + "/" + i)).append('"');
    }
    String body = "{\"urls\":[" + urls + "],\"options\":{\"body\":\"text\"}}";
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new InetSocketAddress("127.0.0.1", h.port), 5000);
      s.setSoTimeout((int) ApiHarness.WAIT.toMillis());
      s.getOutputStream().write(("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Accept: application/x-ndjson\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n"
          + body).getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();

      // ~10 MB of lines are due; the client has read nothing.
      h.awaitOnLoop(() -> up.server.getRequestCount() >= URLS && h.engine.runningBatches() == 0);
      long pending = h.onLoop(h.server::pendingWriteBytes);
      assertTrue(pending < 256 * 1024, "queued for the slow client: " + pending + " bytes");
      assertEquals(200, h.get("/healthz").status(), "other clients are served meanwhile");

      String stream = ApiHarness.readToEof(s.getInputStream());
      assertTrue(stream.startsWith("HTTP/1.1 200"), stream.substring(0, Math.min(200, stream.length())));
      String[] lines = dechunk(stream.substring(stream.indexOf("\r\n\r\n") + 4)).split("\n");
      assertEquals(URLS + 1, lines.length, "every line arrives once the client reads, then the summary");
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < URLS; i++) {
        JsonNode line = ApiHarness.JSON.readTree(lines[i]);
        assertTrue(line.get("ok").asBoolean(), lines[i]);
        assertEquals(BODY_BYTES, line.get("body").asText().length());
        assertTrue(seen.add(line.get("index").asInt()), "each result once");
      }
      assertEquals(URLS, ApiHarness.JSON.readTree(lines[URLS]).at("/summary/succeeded").asInt());
    }
  }

  /** The body of a chunked message, checking the framing of every chunk. */
  private static String dechunk(String framed) {
    StringBuilder body = new StringBuilder();
    int i = 0;
    while (true) {
      int eol = framed.indexOf("\r\n", i);
      int size = Integer.parseInt(framed.substring(i, eol), 16);
      if (size == 0) {
        assertEquals("\r\n", framed.substring(eol + 2), "nothing after the last chunk");
        return body.toString();
      }
      body.append(framed, eol + 2, eol + 2 + size);
      assertEquals("\r\n", framed.substring(eol + 2 + size, eol + 4 + size), "chunk framing at " + i);
      i = eol + 4 + size;
    }
  }

}
