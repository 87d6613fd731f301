package io.fetchd.reactor;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescedCallTest {
  private final Reactor reactor = new Reactor();

  @AfterEach
  void close() {
    reactor.close();
  }

  @Test
  void manyRequestsInOneTaskRunTheActionOnceAfterTheTask() throws Exception {
    List<String> log = new ArrayList<>();
    CompletableFuture<List<String>> seen = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      CoalescedCall call = new CoalescedCall(reactor.eventLoop(), () -> log.add("ran"));
      for (int i = 0; i < 10; i++) {
        call.request();
        log.add("request " + i);
      }
      assertTrue(call.isPending());
      // queued after the coalesced run, so it sees what that run did
      reactor.callFromThread(() -> seen.complete(List.copyOf(log)));
    });
    List<String> got = seen.get(5, SECONDS);
    assertEquals(11, got.size());
    assertEquals("request 9", got.get(9), "nothing ran inside the requesting task");
    assertEquals("ran", got.get(10));
  }

  @Test
  void aRequestAfterTheRunSchedulesAnotherRun() throws Exception {
    int[] runs = {0};
    CompletableFuture<Integer> done = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      CoalescedCall[] call = new CoalescedCall[1];
      call[0] = new CoalescedCall(reactor.eventLoop(), () -> {
        runs[0]++;
        if (runs[0] == 1) {
          call[0].request(); // asked again from inside the run: a second run, not lost
          call[0].request();
        } else {
          assertFalse(call[0].isPending());
          done.complete(runs[0]);
        }
      });
      call[0].request();
    });
    assertEquals(2, done.get(5, SECONDS));
  }
}
