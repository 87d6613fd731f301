package io.fetchd.client.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PathNormalizerTest {

  /** The algorithm without the fast path: split on '/', drop dot segments, join. */
  private static String reference(String rawPath) {
    String path = UrlChars.encode(rawPath.replace('\\', '/'), UrlChars.Component.PATH);
    if (path.isEmpty() || path.equals("/")) {
      return "/";
    }
    String[] segments = path.substring(1).split("/", -1);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i].toLowerCase(Locale.ROOT);
      boolean last = i == segments.length - 1;
      boolean dotDot = s.equals("..") || s.equals(".%2e") || s.equals("%2e.") || s.equals("%2e%2e");
      boolean dot = s.equals(".") || s.equals("%2e");
      if (dotDot) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        if (last) {
          out.add("");
        }
      } else if (dot) {
        if (last) {
          out.add("");
        }
      } else {
        out.add(segments[i]);
      }
    }
    StringBuilder b = new StringBuilder();
    for (String s : out) {
      b.append('/').append(s);
    }
    return b.length() == 0 ? "/" : b.toString();
  }

  @Test
  void theFastPathAgreesWithSplittingOnRandomPathsMadeOfTheTrickyCharacters() {
    Random random = new Random(11);
    String alphabet = "/..%%2eEa\\";
    for (int k = 0; k < 50_000; k++) {
      StringBuilder raw = new StringBuilder("/");
      int len = random.nextInt(12);
      for (int i = 0; i < len; i++) {
        raw.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String p = raw.toString();
      assertEquals(reference(p), PathNormalizer.normalize(p), p);
    }
  }

  @Test
  void dotSegmentCandidatesAreFoundInEveryForm() {
    for (String p : new String[] {"/.", "/a/..", "/a/%2e", "/a/%2E%2e/b", "/x/.hidden"}) {
      assertTrue(PathNormalizer.mayHaveDotSegment(p), p);
    }
    for (String p : new String[] {"/", "/a.b/c.", "/a/%2", "/a/%2f", "/small", "/a%2e/b"}) {
      assertFalse(PathNormalizer.mayHaveDotSegment(p), p);
    }
  }

  @Test
  void aPathWithoutDotSegmentsComesBackAsTheSameString() {
    String p = "/a/b.c/d%20e/";
    assertEquals(p, PathNormalizer.normalize(p));
  }
}
