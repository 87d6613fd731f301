package io.fetchd.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code fetch} gets URLs: an argument, a file, or standard input. Files and standard input
 * hold one URL per line; blank lines and lines starting with {@code #} are skipped. Immutable.
 *
 * @param url the URL itself, for an argument; else null
 * @param file the file, or null for an argument or standard input
 */
record UrlSource(String url, String file) {
  private static final String STDIN = "-";

  static UrlSource url(String url) {
    return new UrlSource(url, null);
  }

  static UrlSource file(String path) {
    return new UrlSource(null, path);
  }

  static UrlSource stdin() {
    return new UrlSource(null, STDIN);
  }

  /**
   * Every URL of {@code sources}, in order. Blocks on file and standard-input reads.
   *
   * @throws UsageException when a file cannot be read or standard input is named twice
   */
  static List<String> readAll(List<UrlSource> sources, ProcessContext ctx, String command) {
    List<String> urls = new ArrayList<>();
    boolean stdinRead = false;
    for (UrlSource s : sources) {
      if (s.url != null) {
        urls.add(s.url);
        continue;
      }
      List<String> lines;
      try {
        if (s.file.equals(STDIN)) {
          if (stdinRead) {
            throw new UsageException(command, "standard input ('-') can be read only once");
          }
          stdinRead = true;
          lines = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).lines().toList();
        } else {
          lines = Files.readAllLines(ctx.workDir().resolve(s.file), StandardCharsets.UTF_8);
        }
      } catch (NoSuchFileException e) {
        throw new UsageException(command, "cannot read '" + s.file + "': no such file");
      } catch (CharacterCodingException e) {
        throw new UsageException(command, "cannot read '" + s.file + "': not UTF-8 text");
      } catch (IOException | java.io.UncheckedIOException e) {
        throw new UsageException(command, "cannot read '" + s.file + "': " + Main.oneLine(e));
      }
      for (String line : lines) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          urls.add(t);
        }
      }
    }
    return urls;
  }
}
