package io.fetchd.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestWriterTest {
  private final RequestWriter writer = new RequestWriter("fetchd-test/1");

  private String render(boolean head, String target, String host, List<Header> headers, boolean dropCredentials) {
    ByteBuf buf = writer.write(ByteBufAllocator.DEFAULT, head, target, host, headers, dropCredentials);
    try {
      return buf.toString(StandardCharsets.ISO_8859_1);
    } finally {
      buf.release();
    }
  }

  @Test
  void aPlainGetHasHostFirstThenTheDefaults() {
    assertEquals(
        "GET /a/b?c=1 HTTP/1.1\r\nHost: example.test:8080\r\nUser-Agent: fetchd-test/1\r\n"
            + "Accept: */*\r\nAccept-Encoding: gzip, deflate\r\n\r\n",
        render(false, "/a/b?c=1", "example.test:8080", List.of(), false));
  }

  @Test
  void callerHeadersComeAfterHostAndTheirUserAgentAndAcceptReplaceTheDefaults() {
    List<Header> headers = List.of(
        new Header("X-One", "1"), new Header("user-agent", "mine/2"), new Header("Accept", "text/html"),
        new Header("X-One", "again"));
    assertEquals(
        "HEAD / HTTP/1.1\r\nHost: h\r\nX-One: 1\r\nuser-agent: mine/2\r\nAccept: text/html\r\nX-One: again\r\n"
            + "Accept-Encoding: gzip, deflate\r\n\r\n",
        render(true, "/", "h", headers, false));
  }

  @Test
  void onlyOneOfUserAgentAndAcceptFromTheCallerKeepsTheOtherDefault() {
    assertEquals(
        "GET / HTTP/1.1\r\nHost: h\r\nAccept: a/b\r\nUser-Agent: fetchd-test/1\r\n"
            + "Accept-Encoding: gzip, deflate\r\n\r\n",
        render(false, "/", "h", List.of(new Header("Accept", "a/b")), false));
    assertEquals(
        "GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: u\r\nAccept: */*\r\nAccept-Encoding: gzip, deflate\r\n\r\n",
        render(false, "/", "h", List.of(new Header("User-Agent", "u")), false));
  }

  @Test
  void headersTheFetcherOwnsAreDroppedAndCredentialsOnlyWhenAsked() {
    List<Header> headers = List.of(
        new Header("Host", "evil"), new Header("Connection", "close"), new Header("Content-Length", "5"),
        new Header("Transfer-Encoding", "chunked"), new Header("Accept-Encoding", "br"),
        new Header("Authorization", "Bearer t"), new Header("Cookie", "a=b"));
    String kept = render(false, "/", "h", headers, false);
    assertEquals(
        "GET / HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\nCookie: a=b\r\nUser-Agent: fetchd-test/1\r\n"
            + "Accept: */*\r\nAccept-Encoding: gzip, deflate\r\n\r\n",
        kept);
    String dropped = render(false, "/", "h", headers, true);
    assertTrue(!dropped.contains("Authorization") && !dropped.contains("Cookie"), dropped);
  }

  @Test
  void obsTextIsWrittenAsOneByteEach() {
    ByteBuf buf = writer.write(ByteBufAllocator.DEFAULT, false, "/", "h", List.of(new Header("X-Name", "caf\u00e9")), false);
    try {
      byte[] expected = "X-Name: caf\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1);
      String all = buf.toString(StandardCharsets.ISO_8859_1);
      assertTrue(all.contains(new String(expected, StandardCharsets.ISO_8859_1)), all);
      assertEquals(all.length(), buf.readableBytes());
    } finally {
      buf.release();
    }
  }

  @Test
  void nettysRequestDecoderReadsBackWhatWasWritten() {
    EmbeddedChannel server = new EmbeddedChannel(new HttpRequestDecoder(), new HttpObjectAggregator(1024));
    try {
      ByteBuf buf = writer.write(ByteBufAllocator.DEFAULT, false, "/p?q=%20", "[::1]:9",
          List.of(new Header("X-Trace", "t-1")), false);
      server.writeInbound(buf);
      FullHttpRequest req = server.readInbound();
      try {
        assertTrue(req.decoderResult().isSuccess(), String.valueOf(req.decoderResult()));
        assertEquals("GET", req.method().name());
        assertEquals("/p?q=%20", req.uri());
        assertEquals("[::1]:9", req.headers().get("host"));
        assertEquals("t-1", req.headers().get("x-trace"));
        assertEquals("fetchd-test/1", req.headers().get("user-agent"));
        assertEquals("gzip, deflate", req.headers().get("accept-encoding"));
        assertEquals(0, req.content().readableBytes());
      } finally {
        req.release();
      }
    } finally {
      server.finishAndReleaseAll();
    }
  }
}
