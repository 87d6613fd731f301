package io.fetchd.testing.upstream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Holds every request for a fixed time before answering 200, counting how many are in flight at
 * once across all connections: proof of a client's concurrency limits. A request stops counting
 * when its hold ends, just before its response is written. Created by
 * {@link Behaviour#countingConcurrency(Duration, String)}. Counters and awaits: any thread.
 */
public final class CountingConcurrency implements Behaviour {

    private final Duration holdFor;
    private final FixedResponse response;
    private final AwaitableCount inFlight = new AwaitableCount();

    CountingConcurrency(Duration holdFor, String body) {
        this.holdFor = holdFor;
        this.response = new FixedResponse(200, Map.of("Content-Type", "text/plain; charset=utf-8"),
                body.getBytes(StandardCharsets.UTF_8), FixedResponse.After.KEEP_ALIVE, Duration.ZERO);
    }

    @Override
    public void respond(Exchange exchange) {
        inFlight.increment();
        exchange.schedule(holdFor, () -> {
            inFlight.decrement();
            if (exchange.isOpen()) {
                response.respond(exchange);
            }
        });
    }

    /** Requests currently being held. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The most requests ever held at the same time. */
    public int maxConcurrent() {
        return inFlight.highest();
    }

    /** Waits until at least {@code n} requests are held at once; false on timeout. */
    public boolean awaitInFlight(int n, Duration timeout) throws InterruptedException {
        return inFlight.awaitAtLeast(n, timeout);
    }
}
