package io.fetchd.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.reactor.FakeClock;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deadline handler on a fake clock: which bytes start it, what stops it, when it fires. */
class BodyDeadlineTest {
  private final FakeClock clock = new FakeClock();
  private final List<String> timeouts = new ArrayList<>();
  private final BodyDeadline deadline = new BodyDeadline(clock, Duration.ofSeconds(30), 100);
  private final EmbeddedChannel ch = new EmbeddedChannel(deadline, new ChannelInboundHandlerAdapter() {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof BodyDeadline.TimedOut t) {
        timeouts.add(t.message);
      }
    }
  }, deadline.end());

  @AfterEach
  void tearDown() {
    ch.finishAndReleaseAll();
  }

  private void bytes(String s) {
    ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
    ch.releaseInbound();
  }

  private void wholeRequest() {
    ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
    ch.releaseInbound();
  }

  @Test
  void nothingIsTimedBeforeTheFirstByte() {
    clock.advance(Duration.ofMinutes(5));
    assertTrue(timeouts.isEmpty());
    assertTrue(clock.getDelayedCalls().isEmpty());
  }

  @Test
  void aDribbledRequestIsCutByTheRateAfterTheGrace() {
    bytes("P");
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofSeconds(1));
      bytes("x");
    }
    // 5 bytes at 100 B/s cover 50 ms past the 5 s grace.
    clock.advance(Duration.ofMillis(1049));
    assertTrue(timeouts.isEmpty(), "still within the rate at 5.049 s");
    clock.advance(Duration.ofMillis(2));
    assertEquals(1, timeouts.size());
    assertTrue(timeouts.get(0).contains("100 bytes per second"), timeouts.get(0));
  }

  @Test
  void aFastRequestIsCutByTheTotalLimit() {
    bytes("x".repeat(100_000));
    clock.advance(Duration.ofSeconds(29));
    assertTrue(timeouts.isEmpty());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of("the request did not arrive within 30000 ms"), timeouts);
  }

  @Test
  void aRequestReceivedWholeStopsTheClock() {
    bytes("GET / HTTP/1.1\r\n\r\n");
    wholeRequest();
    assertTrue(clock.getDelayedCalls().isEmpty(), "no timer once the request has arrived");
    clock.advance(Duration.ofMinutes(1));
    assertTrue(timeouts.isEmpty());
  }

  @Test
  void theNextRequestsClockStartsAtItsOwnFirstByte() {
    bytes("GET / HTTP/1.1\r\n\r\n");
    wholeRequest();
    clock.advance(Duration.ofSeconds(25));
    bytes("x".repeat(10_000));
    clock.advance(Duration.ofSeconds(29));
    assertTrue(timeouts.isEmpty(), "the idle time before it does not count");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, timeouts.size());
  }

  @Test
  void whileAResponseIsInProgressTheClockRestartsInsteadOfFiring() {
    ConnectionState.of(ch).busy(true, 0);
    bytes("G");
    clock.advance(Duration.ofSeconds(6));
    assertTrue(timeouts.isEmpty(), "the client may be waiting for our response");
    ConnectionState.of(ch).busy(false, clock.nanoTime());
    clock.advance(Duration.ofSeconds(6));
    assertEquals(1, timeouts.size());
  }

  @Test
  void aClosedConnectionCancelsTheTimer() {
    bytes("G");
    ch.close();
    assertFalse(clock.getDelayedCalls().stream().anyMatch(c -> c.isActive()));
  }
}
