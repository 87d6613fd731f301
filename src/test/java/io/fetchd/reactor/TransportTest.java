package io.fetchd.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TransportTest {
  @Test
  void theDefaultIsEpollWhereAvailableAndNeverIoUringUnasked() {
    if (System.getProperty("fetchd.transport") == null) {
      assertEquals(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO, Transport.best());
    }
  }

  @Test
  void namesParseInAnyCaseAndAutoMeansTheDefault() {
    assertEquals(Transport.NIO, Transport.parse("NIO"));
    assertEquals(Transport.best(), Transport.parse("auto"));
    if (Transport.IO_URING.isAvailable()) {
      assertEquals(Transport.IO_URING, Transport.parse("io-uring"));
    }
  }

  @Test
  void anUnknownNameIsRefusedWithTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transport.parse("kqueue2"));
    assertTrue(e.getMessage().contains("auto, io_uring, epoll or nio"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void everyAvailableTransportRunsAReactor(Transport t) throws Exception {
    if (!t.isAvailable()) {
      return;
    }
    try (Reactor reactor = new Reactor(1, t)) {
      assertEquals(t, reactor.transport());
      assertEquals(t.socketChannelType(), reactor.socketChannelType());
      CompletableFuture<Boolean> ran = new CompletableFuture<>();
      reactor.callFromThread(() -> reactor.callLater(Duration.ofMillis(1), () -> ran.complete(reactor.inEventLoop())));
      assertTrue(ran.get(5, TimeUnit.SECONDS));
    }
  }
}
