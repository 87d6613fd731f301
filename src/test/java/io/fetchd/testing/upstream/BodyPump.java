package io.fetchd.testing.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.function.LongConsumer;

/**
 * Streams a body from a {@link Source} with write back-pressure: the next piece is produced only
 * once the previous write has completed and the channel is writable, so the server never buffers
 * more than one piece beyond the socket. Stops for good when the source ends, a write fails or the
 * connection closes; the source is then closed exactly once. Event loop only.
 */
final class BodyPump {

    /** Produces body pieces on demand. Event loop only. */
    interface Source {
        /** The next piece, owned by the caller, or null when the body is complete. */
        ByteBuf next(ByteBufAllocator alloc);

        /** Frees whatever the source holds; called once, however the stream ended. */
        default void close() {
        }
    }

    /** How a pumped body ended. */
    interface Ending {
        /** {@code complete} is true if the source ran out, false if the connection went first. */
        void ended(boolean complete);
    }

    private final Exchange exchange;
    private final Source source;
    private final LongConsumer sent;
    private final Ending ending;
    private boolean writing;
    private boolean finished;

    BodyPump(Exchange exchange, Source source, LongConsumer sent, Ending ending) {
        this.exchange = exchange;
        this.source = source;
        this.sent = sent;
        this.ending = ending;
    }

    void start() {
        exchange.channel().closeFuture().addListener(closed -> finish(false));
        pump();
    }

    private void pump() {
        if (finished || writing) {
            return;
        }
        if (!exchange.isOpen()) {
            finish(false);
            return;
        }
        if (!exchange.channel().isWritable()) {
            exchange.whenWritable(this::pump);
            return;
        }
        ByteBuf piece = source.next(exchange.alloc());
        if (piece == null) {
            finish(true);
            return;
        }
        int size = piece.readableBytes();
        writing = true;
        exchange.write(piece).addListener(written -> {
            writing = false;
            if (written.isSuccess()) {
                sent.accept(size);
                // Re-enter through the loop: a write can complete synchronously inside write(),
                // and a direct call would grow the stack by one frame per piece.
                exchange.channel().eventLoop().execute(this::pump);
            } else {
                finish(false);
            }
        });
    }

    private void finish(boolean complete) {
        if (finished) {
            return;
        }
        finished = true;
        source.close();
        ending.ended(complete);
    }
}
