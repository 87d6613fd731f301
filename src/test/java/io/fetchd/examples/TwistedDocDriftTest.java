package io.fetchd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/twisted.md honest: every statement of every Java snippet on the page appears, up to
 * whitespace and comments, in {@link TwistedDocSnippetsTest}, which compiles and runs it. A snippet
 * edited on the page but not in the test (or the other way round) fails here.
 */
class TwistedDocDriftTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

  /** Drops // comments and all whitespace, so line breaks and indentation do not matter. */
  private static String normalize(String code) {
    StringBuilder out = new StringBuilder();
    for (String line : code.split("\n")) {
      int comment = line.indexOf("//");
      out.append(comment < 0 ? line : line.substring(0, comment));
    }
    return out.toString().replaceAll("\\s+", "");
  }

  @Test
  void everySnippetStatementIsCompiledAndRunByTheSnippetsTest() throws IOException {
    String page = Files.readString(Path.of("docs/twisted.md"));
    String test =
        normalize(
            Files.readString(Path.of("src/test/java/io/fetchd/examples/TwistedDocSnippetsTest.java")));
    Matcher m = JAVA_BLOCK.matcher(page);
    List<String> missing = new ArrayList<>();
    int blocks = 0;
    while (m.find()) {
      blocks++;
      for (String statement : normalize(m.group(1)).split(";")) {
        if (!statement.isEmpty() && !test.contains(statement)) {
          missing.add(statement);
        }
      }
    }
    assertTrue(blocks >= 15, "expected the page's snippets, found " + blocks + " blocks");
    assertEquals(List.of(), missing, "snippet statements of docs/twisted.md not in the test");
  }
}
