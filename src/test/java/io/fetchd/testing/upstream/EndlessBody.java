package io.fetchd.testing.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.Map;

/**
 * A 200 whose body never ends: 64 KiB pieces of filler, chunked or close-delimited (no
 * Content-Length, {@code Connection: close}), written with back-pressure until the client goes
 * away. Created by {@link Behaviour#endlessBody(boolean)}.
 */
public final class EndlessBody extends StreamingBody {

    /** Size of each body piece, in bytes (before chunk framing). */
    public static final int PIECE_BYTES = 64 * 1024;

    private static final byte[] PIECE = Wire.filler(PIECE_BYTES);

    private final boolean chunked;
    private final byte[] head;

    EndlessBody(boolean chunked) {
        this.chunked = chunked;
        this.head = Wire.head(200, chunked
                ? Map.of("Content-Type", "application/octet-stream", "Transfer-Encoding", "chunked")
                : Map.of("Content-Type", "application/octet-stream", "Connection", "close"));
    }

    @Override
    byte[] head() {
        return head;
    }

    @Override
    BodyPump.Source newSource() {
        return alloc -> chunked ? Wire.chunk(alloc, PIECE, PIECE.length) : piece(alloc);
    }

    private static ByteBuf piece(ByteBufAllocator alloc) {
        return alloc.buffer(PIECE.length).writeBytes(PIECE);
    }
}
