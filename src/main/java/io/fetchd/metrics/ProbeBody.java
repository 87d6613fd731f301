package io.fetchd.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A probe's response body as blackbox reads it: the bytes as received, decoded when the module
 * sets {@code compression} (gzip, or raw DEFLATE as Go's {@code flate} reads it), and cut at
 * {@code body_size_limit} after decoding, which is then a read error. Pure; any thread.
 *
 * @param bytes what was read (decoded and cut), for the body regexps; null when only counted
 * @param count {@code probe_http_uncompressed_body_length}: the bytes read
 * @param decoderFailed the decoder could not start (not a gzip stream): blackbox then fails the
 *     probe and reads the body as received
 * @param readFailed the read ended in an error (too large, corrupt, or cut off)
 */
record ProbeBody(byte[] bytes, long count, boolean decoderFailed, boolean readFailed) {

  /**
   * Reads a complete body.
   *
   * @param raw the body as received, or null when it was only counted
   * @param rawCount its length
   * @param compression the module's {@code compression}
   * @param limit the module's {@code body_size_limit}, 0 for none
   * @return what blackbox would have read
   */
  static ProbeBody read(byte[] raw, long rawCount, String compression, long limit) {
    boolean decode = compression.equals("gzip") || compression.equals("deflate");
    if (!decode || raw == null) {
      return cut(raw, rawCount, limit, false);
    }
    InputStream in;
    try {
      in = compression.equals("gzip")
          ? new GZIPInputStream(new ByteArrayInputStream(raw), 8192)
          : new InflaterInputStream(new ByteArrayInputStream(raw), new Inflater(true), 8192);
    } catch (IOException e) {
      // Go's gzip.NewReader failed: the probe fails and the body is read as received
      ProbeBody asReceived = cut(raw, rawCount, limit, true);
      return asReceived;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long cap = limit > 0 ? limit : Long.MAX_VALUE;
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        long room = cap - out.size();
        if (n > room) {
          out.write(buf, 0, (int) room);
          return new ProbeBody(out.toByteArray(), out.size(), false, true);
        }
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      return new ProbeBody(out.toByteArray(), out.size(), false, true);
    }
    return new ProbeBody(out.toByteArray(), out.size(), false, false);
  }

  private static ProbeBody cut(byte[] raw, long rawCount, long limit, boolean decoderFailed) {
    if (limit > 0 && rawCount > limit) {
      byte[] kept = raw == null ? null : java.util.Arrays.copyOf(raw, (int) limit);
      return new ProbeBody(kept, limit, decoderFailed, true);
    }
    return new ProbeBody(raw, rawCount, decoderFailed, false);
  }

  /**
   * A body whose fetch failed while it was read.
   *
   * @param count the bytes read before the failure
   * @return a body whose read failed
   */
  static ProbeBody failed(long count) {
    return new ProbeBody(null, count, false, true);
  }
}
