package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many pipelined requests are all answered in order; none is lost, the connection stays open. */
class ApiPipeliningTest {
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

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void aHundredPipelinedHealthChecksAreAllAnswered() throws Exception {
    StringBuilder reqs = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      reqs.append("GET /healthz HTTP/1.1\r\nHost: x\r\n").append(i == 99 ? "Connection: close\r\n" : "").append("\r\n");
    }
    String got = h.raw(reqs.toString());
    assertEquals(100, count(got, "HTTP/1.1 200"), got.substring(0, Math.min(500, got.length())));
  }

  @Test
  void pipelinedPostsBehindASlowOneAreAnsweredInOrderAndTheSlowOneIsNotLost() throws Exception {
    int behind = 60;
    StringBuilder reqs = new StringBuilder(post("{\"urls\":[\"" + up.url("/hold/slow") + "\"]}", false));
    for (int i = 0; i < behind; i++) {
      reqs.append(post("{\"urls\":[\"" + up.url("/ok/n" + i) + "\"]}", i == behind - 1));
    }
    try (Socket s = h.socket()) {
      OutputStream out = s.getOutputStream();
      out.write(reqs.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      up.awaitArrival("slow");
      // More than the queue bound waits behind the slow request; reading is paused, not the connection closed.
      h.awaitOnLoop(() -> h.server.openConnections() == 1);
      up.release("slow");
      String got = ApiHarness.readToEof(s.getInputStream());
      assertEquals(behind + 1, count(got, "HTTP/1.1 200"), got.substring(0, Math.min(500, got.length())));
      int at = got.indexOf("/hold/slow");
      assertTrue(at >= 0, "the response in progress arrives");
      for (int i = 0; i < behind; i++) {
        int next = got.indexOf("/ok/n" + i + "\"");
        assertTrue(next > at, "request " + i + " answered in order");
        at = next;
      }
    }
  }

  private static String post(String body, boolean last) {
    return "POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + (last ? "Connection: close\r\n" : "")
        + "Content-Length: " + body.length() + "\r\n\r\n" + body;
  }
}
