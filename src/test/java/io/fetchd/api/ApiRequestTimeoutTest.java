package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.route.RequestCeilings;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A request that does not arrive within server.requestTimeout gets 408 and the connection closes. */
class ApiRequestTimeoutTest {
  private ApiHarness h;

  @BeforeEach
  void setUp() {
    // The read timeout stays long: only the request deadline can end these requests.
    h = new ApiHarness(
        io.fetchd.batch.BatchLimits.DEFAULTS,
        ApiOptions.DEFAULTS.withRequestTimeout(Duration.ofMillis(300)).withReadTimeout(Duration.ofSeconds(60)),
        RequestCeilings.DEFAULTS,
        java.util.List.of());
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  @Test
  void aBodyThatNeverEndsGets408RequestTimeoutAndTheConnectionCloses() throws Exception {
    try (Socket s = h.socket()) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String got = ApiHarness.readToEof(s.getInputStream());
      assertTrue(got.startsWith("HTTP/1.1 408"), got);
      assertTrue(got.contains("\"RequestTimeout\""), got);
      assertTrue(got.toLowerCase().contains("connection: close"), got);
    }
  }

  @Test
  void aHeadThatNeverEndsGets408Too() throws Exception {
    try (Socket s = h.socket()) {
      s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      String got = ApiHarness.readToEof(s.getInputStream());
      assertTrue(got.startsWith("HTTP/1.1 408"), got);
    }
  }

  @Test
  void anIdleKeptAliveConnectionIsNotTimedByTheRequestDeadline() throws Exception {
    try (Socket s = h.socket()) {
      OutputStream out = s.getOutputStream();
      out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      byte[] buf = new byte[4096];
      int n = s.getInputStream().read(buf);
      assertTrue(new String(buf, 0, n, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
      // Idle for several request deadlines, measured on the loop's clock by a timer.
      long idleFrom = h.onLoop(h.reactor::nanoTime);
      h.awaitOnLoop(() -> h.reactor.nanoTime() - idleFrom > Duration.ofMillis(1000).toNanos());
      assertEquals(1, h.server.openConnections(), "still open");
      out.write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertTrue(ApiHarness.readToEof(s.getInputStream()).startsWith("HTTP/1.1 200"));
    }
  }
}
