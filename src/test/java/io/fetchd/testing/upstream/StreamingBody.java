package io.fetchd.testing.upstream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A behaviour that writes a head and then pumps a body with back-pressure ({@link BodyPump}),
 * counting body bytes and streams. Shared across connections: counters are totals.
 * Counters and awaits: any thread; {@link #respond}: event loop only.
 */
public abstract class StreamingBody implements Behaviour {

    private final AtomicLong bytesSent = new AtomicLong();
    private final AwaitableCount started = new AwaitableCount();
    private final AwaitableCount ended = new AwaitableCount();

    StreamingBody() {
    }

    /** The response head, written before the first body piece. */
    abstract byte[] head();

    /** A fresh body source for one response. */
    abstract BodyPump.Source newSource();

    @Override
    public final void respond(Exchange exchange) {
        started.increment();
        BodyPump.Source source = newSource();
        BodyPump pump = new BodyPump(exchange, source, bytesSent::addAndGet, complete -> {
            ended.increment();
            if (complete) {
                exchange.complete();
            } else {
                exchange.close();
            }
        });
        exchange.write(head()).addListener(written -> {
            if (written.isSuccess()) {
                pump.start();
            } else {
                source.close();
                ended.increment();
            }
        });
    }

    /**
     * Body bytes written so far across all responses, as they went on the wire (chunk framing
     * included, response heads excluded). Counts completed writes only.
     */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Responses whose body has started. */
    public int streamsStarted() {
        return started.get();
    }

    /** Responses whose body has stopped: finished, or cut short because the peer went away. */
    public int streamsEnded() {
        return ended.get();
    }

    /** Waits until at least {@code n} bodies have stopped; false on timeout. */
    public boolean awaitStreamsEnded(int n, Duration timeout) throws InterruptedException {
        return ended.awaitAtLeast(n, timeout);
    }
}
