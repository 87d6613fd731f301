package io.fetchd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shipped config file and the README's settings table are generated from the schema, so a
 * new setting reaches both by its record component alone. When one is stale, rerun with
 * {@code -Dfetchd.writeConfigDocs=true} to rewrite it, and review the diff.
 */
class ConfigDocsTest {
  private static final Path SHIPPED = Path.of("config/fetchd.yaml");
  private static final Path README = Path.of("README.md");
  private static final boolean WRITE = Boolean.getBoolean("fetchd.writeConfigDocs");
  private static final String HOW = " is stale: run mvn test -Dtest=ConfigDocsTest -Dfetchd.writeConfigDocs=true";

  @Test
  void shippedConfigFileIsGeneratedFromTheSchema() throws IOException {
    String expected = ConfigDocs.yaml(ConfigLoader.SCHEMA);
    if (WRITE) {
      Files.writeString(SHIPPED, expected);
    }
    assertEquals(expected, Files.readString(SHIPPED), SHIPPED + HOW);
  }

  @Test
  void readmeSettingsTableIsGeneratedFromTheSchema() throws IOException {
    String readme = Files.readString(README);
    String expected = ConfigDocs.readmeTable(ConfigLoader.SCHEMA);
    String current = table(readme);
    if (WRITE) {
      Files.writeString(README, readme.replace(current, expected));
      current = table(Files.readString(README));
    }
    assertEquals(expected, current, README + "'s settings table" + HOW);
  }

  private static String table(String readme) {
    int begin = readme.indexOf(ConfigDocs.TABLE_BEGIN);
    int end = readme.indexOf(ConfigDocs.TABLE_END);
    assertTrue(begin >= 0 && end > begin, "README.md has no settings table between the markers");
    return readme.substring(begin, end + ConfigDocs.TABLE_END.length() + 1);
  }

  @Test
  void commentsAreWrappedToTheWidthAndStartWhereTheValueEnds() {
    StringBuilder sb = new StringBuilder();
    String yaml = ConfigDocs.yaml(ConfigLoader.SCHEMA);
    for (String line : yaml.split("\n")) {
      if (line.length() > 117 && !line.startsWith("#")) {
        sb.append(line).append('\n');
      }
    }
    assertEquals("", sb.toString(), "lines longer than 117 characters");
    assertTrue(yaml.contains("\n  port: 8080                      # port of the REST server; 0 picks a free one\n"), yaml);
  }

  @Test
  void rangesAreShownInAFewCharacters() {
    assertEquals("0–65535", ConfigDocs.range(ConfigLoader.SCHEMA.key("server.port")));
    assertEquals("≥ 1", ConfigDocs.range(ConfigLoader.SCHEMA.key("fetcher.maxInFlight")));
    assertEquals("> 0", ConfigDocs.range(ConfigLoader.SCHEMA.key("server.readTimeout")));
    assertEquals("", ConfigDocs.range(ConfigLoader.SCHEMA.key("server.drainTimeout")));
    assertEquals("", ConfigDocs.range(ConfigLoader.SCHEMA.key("server.host")));
  }
}
