package io.fetchd.testing.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hostile server's whole request parser: collects bytes up to CRLFCRLF, emits a
 * {@link RecordedRequest}, then skips a {@code Content-Length} request body. Requests on one
 * connection are decoded in sequence, so keep-alive and pipelining work.
 *
 * <p>A chunked request body cannot be framed here: after such a head every further byte is
 * discarded and the connection closes after the response ({@link RecordedRequest#wantsClose()}).
 * A head longer than {@link #MAX_HEAD_BYTES} or with a malformed request line closes the
 * connection. Buffer ownership stays with {@link ByteToMessageDecoder}. Event loop only.
 */
final class RequestHeadDecoder extends ByteToMessageDecoder {

    /** Longest request head accepted before the connection is closed, in bytes. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private long bodyRemaining;
    private int scanned;
    private boolean discardAll;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discardAll) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (bodyRemaining > 0) {
            int skip = (int) Math.min(in.readableBytes(), bodyRemaining);
            in.skipBytes(skip);
            bodyRemaining -= skip;
            if (bodyRemaining > 0) {
                return;
            }
        }
        int end = findHeadEnd(in);
        if (end < 0) {
            if (in.readableBytes() > MAX_HEAD_BYTES) {
                discardAll = true;
                in.skipBytes(in.readableBytes());
                ctx.close();
            }
            return;
        }
        String head = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
        in.readerIndex(end + 4);
        scanned = 0;
        RecordedRequest request = RecordedRequest.parse(head);
        if (request == null) {
            discardAll = true;
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        discardAll = request.isChunked();
        bodyRemaining = request.contentLength();
        out.add(request);
    }

    /** Absolute index of the CR that starts CRLFCRLF, or -1; remembers how far it has looked. */
    private int findHeadEnd(ByteBuf in) {
        int start = in.readerIndex();
        int limit = in.writerIndex();
        for (int i = start + Math.max(0, scanned - 3); i + 3 < limit; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n'
                    && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
                return i;
            }
        }
        scanned = limit - start;
        return -1;
    }
}
