package io.fetchd.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Which file descriptor of this process is the TCP socket bound to 127.0.0.1:{@code port}, read
 * from Linux's {@code /proc}. Tests use it to see descriptor numbers being reused. Linux only; any
 * thread.
 */
final class LoopbackFds {
  private static final Path TCP = Path.of("/proc/self/net/tcp");
  /** Dual-stack sockets (the JDK's, and Netty's native ones) are listed here, IPv4-mapped. */
  private static final Path TCP6 = Path.of("/proc/self/net/tcp6");
  private static final Path FDS = Path.of("/proc/self/fd");

  private LoopbackFds() {}

  /** True where {@code /proc} shows this process's descriptors and TCP sockets. */
  static boolean available() {
    return Files.isReadable(TCP) && Files.isReadable(TCP6) && Files.isDirectory(FDS);
  }

  /**
   * The descriptor number of this process's TCP socket whose local address is 127.0.0.1:{@code
   * port}.
   *
   * @throws AssertionError if there is none
   */
  static int ofLocalPort(int port) {
    String v4 = String.format(Locale.ROOT, "0100007F:%04X", port);
    String mapped = "0000000000000000FFFF0000" + v4;
    String inode = null;
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(TCP));
      lines.addAll(Files.readAllLines(TCP6));
      for (String line : lines) {
        // inode 0: a socket in TIME_WAIT, owned by nobody
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && (f[1].equals(v4) || f[1].equals(mapped)) && !f[9].equals("0")) {
          inode = f[9];
          break;
        }
      }
      if (inode == null) {
        throw new AssertionError("no TCP socket on 127.0.0.1:" + port);
      }
      String link = "socket:[" + inode + "]";
      List<Path> fds = new ArrayList<>();
      try (Stream<Path> s = Files.list(FDS)) {
        s.forEach(fds::add);
      }
      for (Path fd : fds) {
        try {
          if (Files.readSymbolicLink(fd).toString().equals(link)) {
            return Integer.parseInt(fd.getFileName().toString());
          }
        } catch (IOException closedMeanwhile) {
          // a descriptor closed while we looked (the listing's own, say): not ours
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("socket on 127.0.0.1:" + port + " is not a descriptor of this process");
  }
}
