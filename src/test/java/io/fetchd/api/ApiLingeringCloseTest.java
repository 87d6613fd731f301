package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that writes its whole body before it reads (as Python's http.client does) still reads
 * the error sent before the body was read: the server half-closes and drains instead of resetting.
 */
class ApiLingeringCloseTest {
  private ApiHarness h;

  @BeforeEach
  void setUp() {
    h = new ApiHarness();
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  /** Writes {@code head} and {@code bodyBytes} zero bytes completely, then reads to EOF. */
  private String writeAllThenRead(String head, int bodyBytes) throws Exception {
    try (Socket s = h.socket()) {
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      byte[] block = new byte[64 * 1024];
      for (int sent = 0; sent < bodyBytes; sent += block.length) {
        out.write(block, 0, Math.min(block.length, bodyBytes - sent));
      }
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        got.write(buf, 0, n);
      }
      return got.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void aClientWritingA4MiBBodyBeforeReadingGetsThe413() throws Exception {
    int body = 4 * 1024 * 1024;
    String got = writeAllThenRead("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body + "\r\n\r\n", body);
    assertTrue(got.startsWith("HTTP/1.1 413"), got);
    assertTrue(got.endsWith("}"), "the whole error body arrives: " + got);
    assertTrue(got.contains("\"PayloadTooLarge\""), got);
  }

  @Test
  void aClientWritingAChunkedBodyPastTheCapBeforeReadingGetsThe413() throws Exception {
    StringBuilder chunked = new StringBuilder();
    String chunk = "x".repeat(60_000);
    for (int i = 0; i < 40; i++) {
      chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
    }
    chunked.append("0\r\n\r\n");
    String got = writeAllThenRead("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n" + chunked, 0);
    assertTrue(got.startsWith("HTTP/1.1 413"), got);
    assertTrue(got.contains("\"PayloadTooLarge\""), got);
  }

  @Test
  void theConnectionIsStillClosedAfterTheLingeringBound() throws Exception {
    try (Socket s = h.socket()) {
      s.getOutputStream().write(("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      // The client sends nothing more and never closes: the server closes after the bound.
      String got = ApiHarness.readToEof(s.getInputStream());
      assertTrue(got.startsWith("HTTP/1.1 413"), got);
      h.awaitOnLoop(() -> h.server.openConnections() == 0);
      assertEquals(0, h.server.openConnections());
    }
  }
}
