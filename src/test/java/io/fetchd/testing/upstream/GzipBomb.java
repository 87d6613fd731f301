package io.fetchd.testing.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A 200 with {@code Content-Encoding: gzip} and a chunked body that inflates to
 * {@code decompressedSize} zero bytes. The gzip stream is produced lazily with {@link Deflater}
 * as the client reads, so a 1 GiB bomb costs about 1 MiB on the wire and no memory up front. The
 * gzip header and trailer (CRC-32, ISIZE) are correct, so a client that reads it all gets a valid
 * stream. Created by {@link Behaviour#gzipBomb(long)}.
 */
public final class GzipBomb extends StreamingBody {

    private static final byte[] HEAD = Wire.head(200, Map.of(
            "Content-Type", "application/octet-stream",
            "Content-Encoding", "gzip",
            "Transfer-Encoding", "chunked"));

    private final long decompressedSize;

    GzipBomb(long decompressedSize) {
        if (decompressedSize < 0) {
            throw new IllegalArgumentException("decompressedSize must be >= 0, was " + decompressedSize);
        }
        this.decompressedSize = decompressedSize;
    }

    public long decompressedSize() {
        return decompressedSize;
    }

    @Override
    byte[] head() {
        return HEAD;
    }

    @Override
    BodyPump.Source newSource() {
        return new ZerosGzipSource(decompressedSize);
    }

    /** Gzip of N zeros, one chunk per call; holds one Deflater, ended in {@link #close()}. */
    private static final class ZerosGzipSource implements BodyPump.Source {

        /** Gzip member header: magic, CM=deflate, no flags, no mtime, XFL=max compression, OS=unknown. */
        private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff};
        private static final byte[] ZEROS = new byte[64 * 1024];
        /** Compressed bytes per chunk at most. */
        private static final int OUT_BYTES = 64 * 1024;
        /** Zeros fed per chunk at most, so one call never holds the loop for long. */
        private static final long MAX_INPUT_PER_CHUNK = 8L * 1024 * 1024;

        private final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        private final CRC32 crc = new CRC32();
        private final long size;
        private long remaining;
        private boolean headerWritten;
        private boolean trailerWritten;
        private boolean lastChunkWritten;

        ZerosGzipSource(long size) {
            this.size = size;
            this.remaining = size;
            if (size == 0) {
                deflater.finish();
            }
        }

        @Override
        public ByteBuf next(ByteBufAllocator alloc) {
            if (lastChunkWritten) {
                return null;
            }
            if (trailerWritten) {
                lastChunkWritten = true;
                return alloc.buffer(Wire.LAST_CHUNK.length).writeBytes(Wire.LAST_CHUNK);
            }
            byte[] out = new byte[OUT_BYTES];
            int n = 0;
            if (!headerWritten) {
                System.arraycopy(GZIP_HEADER, 0, out, 0, GZIP_HEADER.length);
                n = GZIP_HEADER.length;
                headerWritten = true;
            }
            long fed = 0;
            while (n < out.length && !deflater.finished()) {
                if (deflater.needsInput() && remaining > 0) {
                    if (fed >= MAX_INPUT_PER_CHUNK && n > 0) {
                        break;
                    }
                    int len = (int) Math.min(ZEROS.length, remaining);
                    deflater.setInput(ZEROS, 0, len);
                    crc.update(ZEROS, 0, len);
                    remaining -= len;
                    fed += len;
                    if (remaining == 0) {
                        deflater.finish();
                    }
                }
                n += deflater.deflate(out, n, out.length - n);
            }
            if (deflater.finished() && out.length - n >= 8) {
                writeIntLe(out, n, (int) crc.getValue());
                writeIntLe(out, n + 4, (int) size); // ISIZE is the size modulo 2^32
                n += 8;
                trailerWritten = true;
            }
            return Wire.chunk(alloc, out, n);
        }

        @Override
        public void close() {
            deflater.end();
        }

        private static void writeIntLe(byte[] out, int at, int value) {
            out[at] = (byte) value;
            out[at + 1] = (byte) (value >>> 8);
            out[at + 2] = (byte) (value >>> 16);
            out[at + 3] = (byte) (value >>> 24);
        }
    }
}
