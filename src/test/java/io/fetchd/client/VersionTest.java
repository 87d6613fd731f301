package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The build's version and revision reach {@link Version}; unfilled values fall back. */
class VersionTest {
  @Test
  void unfilledBlankOrMissingValuesFallBack() {
    assertEquals("unknown", Version.filled("${fetchd.revision.git}", "unknown"));
    assertEquals("unknown", Version.filled("", "unknown"));
    assertEquals("unknown", Version.filled(null, "unknown"));
    assertEquals("0123456789ab", Version.filled(" 0123456789ab\n", "unknown"));
  }

  @Test
  void versionIsThePomsAndRevisionIsFilledOrUnknown() {
    assertTrue(Version.VERSION.matches("[0-9]+\\.[0-9]+\\.[0-9]+.*"), "the version comes from the pom: " + Version.VERSION);
    assertFalse(Version.REVISION.contains("${"), "revision left unfilled: " + Version.REVISION);
    assertTrue(Version.REVISION.equals("unknown") || !Version.REVISION.isBlank(), Version.REVISION);
  }

  /** In a git checkout, a plain Maven build stamps HEAD (unless -Dfetchd.revision said otherwise). */
  @Test
  void revisionIsTheCheckoutsHeadWhenGitIsThere() throws Exception {
    String head = gitHead();
    String cmdLine = System.getenv().getOrDefault("MAVEN_CMD_LINE_ARGS", "");
    if (head == null || cmdLine.contains("fetchd.revision")) {
      assertFalse(Version.REVISION.contains("${"));
      return;
    }
    assertEquals(head, Version.REVISION, "fetchd_build_info{revision} should be git rev-parse --short=12 HEAD");
  }

  private static String gitHead() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 && out.matches("[0-9a-f]{7,40}") ? out : null;
    } catch (IOException e) {
      return null; // no git binary
    }
  }
}
