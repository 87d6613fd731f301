package io.fetchd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks the Dockerfile and .dockerignore without a container engine: pinned base images passed
 * as build args, a non-root user, the port, the health check, the JVM's container flags and
 * where the config comes from. The image itself is built and run by
 * shared/tools/verify-dockerfile.sh (see the README).
 */
class DockerfileTest {
  private static final Path DOCKERFILE = Path.of("Dockerfile");
  private static final Path DOCKERIGNORE = Path.of(".dockerignore");
  private static final Pattern IMAGE_REF = Pattern.compile("([a-z0-9./_-]+):([A-Za-z0-9._-]+)");

  /** One instruction: keyword (upper case) and its arguments, continuation lines joined. */
  private record Instruction(String keyword, String args) {}

  @Test
  void buildAndBaseImagesAreBuildArgsWithPinnedTags() {
    Map<String, String> args = argsBeforeFirstFrom();
    for (String name : List.of("BUILD_IMAGE", "BASE_IMAGE")) {
      String ref = args.get(name);
      assertTrue(ref != null, "ARG " + name + "=<image:tag> should come before the first FROM");
      Matcher m = IMAGE_REF.matcher(ref);
      assertTrue(m.matches(), name + " default '" + ref + "' should be image:tag");
      String tag = m.group(2);
      assertFalse(tag.equals("latest") || !tag.matches("[0-9].*|.*-[0-9].*"),
          name + " tag '" + tag + "' should be a pinned version, not a floating one");
    }
    assertTrue(args.get("BUILD_IMAGE").contains("17"), "the build image should be a Java 17 one");
    assertTrue(args.get("BASE_IMAGE").matches(".*:17[._].*jre.*"), "the runtime should be a Java 17 JRE, is " + args.get("BASE_IMAGE"));
  }

  @Test
  void buildStageUsesBuildImageAndRuntimeStageUsesBaseImage() {
    List<String> froms = argsOf("FROM");
    assertEquals(2, froms.size(), "a build stage and a runtime stage");
    assertTrue(froms.get(0).matches("\\$\\{?BUILD_IMAGE}? +(?i:AS) +\\w+"), "first FROM: " + froms.get(0));
    assertTrue(froms.get(1).matches("\\$\\{?BASE_IMAGE}?"), "last FROM: " + froms.get(1));
  }

  @Test
  void buildStageRunsMavenPackageWithoutTests() {
    boolean found = false;
    for (Instruction i : stage(0)) {
      found |= i.keyword().equals("RUN") && i.args().matches(".*\\bmvn -B\\b.*-DskipTests package\\b.*");
    }
    assertTrue(found, "the build stage should RUN mvn -B ... -DskipTests package");
  }

  @Test
  void runtimeStageRunsAsUser10001() {
    List<Instruction> runtime = stage(1);
    String user = null;
    for (Instruction i : runtime) {
      if (i.keyword().equals("USER")) {
        user = i.args();
      }
    }
    assertTrue(user != null, "the runtime stage sets no USER (it would run as root)");
    String uid = user.split(":")[0];
    assertEquals("10001", uid, "USER should be the numeric uid 10001 (Kubernetes runAsNonRoot checks numbers)");
  }

  @Test
  void runtimeStageExposes8080() {
    assertTrue(stage(1).stream().anyMatch(i -> i.keyword().equals("EXPOSE") && i.args().matches("8080(/tcp)?")),
        "EXPOSE 8080");
  }

  @Test
  void healthcheckProbesHealthz() {
    List<Instruction> checks = stage(1).stream().filter(i -> i.keyword().equals("HEALTHCHECK")).toList();
    assertEquals(1, checks.size(), "one HEALTHCHECK in the runtime stage");
    String hc = checks.get(0).args();
    assertTrue(hc.contains(" CMD ") && hc.contains("/healthz"), "HEALTHCHECK should CMD a request to /healthz: " + hc);
  }

  @Test
  void entrypointRunsTheJarWithContainerJvmFlagsInExecForm() {
    List<String> eps = argsOf("ENTRYPOINT");
    assertEquals(1, eps.size(), "one ENTRYPOINT");
    String ep = eps.get(0);
    assertTrue(ep.startsWith("["), "ENTRYPOINT in exec form, so java is PID 1 and gets SIGTERM: " + ep);
    for (String flag : List.of("\"-XX:MaxRAMPercentage=50\"", "\"-XX:MaxDirectMemorySize=256m\"", "\"-XX:+ExitOnOutOfMemoryError\"", "\"-jar\", \"/app/fetchd.jar\"")) {
      assertTrue(ep.contains(flag), "ENTRYPOINT should contain " + flag + ": " + ep);
    }
  }

  @Test
  void imageReadsConfigFromEtcFetchdAndBindsAllInterfaces() {
    String env = String.join(" ", argsOf("ENV"));
    assertTrue(env.contains("FETCHD_CONFIG=/etc/fetchd/fetchd.yaml"), "ENV FETCHD_CONFIG=/etc/fetchd/fetchd.yaml");
    assertTrue(env.contains("FETCHD_SERVER_HOST=0.0.0.0"), "ENV FETCHD_SERVER_HOST=0.0.0.0");
    assertTrue(argsOf("COPY").contains("config/fetchd.yaml /etc/fetchd/fetchd.yaml"),
        "COPY config/fetchd.yaml /etc/fetchd/fetchd.yaml");
  }

  @Test
  void everyCopyFromTheContextExistsAndIsNotIgnored() {
    List<String> ignore = DeployFiles.read(DOCKERIGNORE).lines()
        .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    for (String copy : argsOf("COPY")) {
      if (copy.startsWith("--from")) {
        continue;
      }
      String[] parts = copy.split(" +");
      for (int i = 0; i < parts.length - 1; i++) {
        String src = parts[i];
        assertTrue(Files.exists(Path.of(src)), "COPY source " + src + " does not exist");
        assertFalse(ignored(ignore, src.replaceAll("/$", "")), "COPY source " + src + " is excluded by .dockerignore");
      }
    }
  }

  @Test
  void dockerignoreKeepsTargetAndGitOutOfTheContext() {
    List<String> ignore = DeployFiles.read(DOCKERIGNORE).lines()
        .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    for (String p : List.of("target", ".git", "target/fetchd.jar", "src/test/java", ".idea")) {
      assertTrue(ignored(ignore, p), ".dockerignore should exclude " + p);
    }
    for (String p : List.of("pom.xml", "src/main/java/io/fetchd/app/Main.java")) {
      assertFalse(ignored(ignore, p), ".dockerignore should keep " + p);
    }
  }

  // ------------------------------------------------------------------------------------------ helpers

  /**
   * Whether .dockerignore excludes a path: the last matching pattern wins, {@code !} re-includes,
   * a pattern matching a directory matches everything under it. Enough of Docker's rules for
   * this project's patterns ({@code *}, {@code **}, plain paths).
   */
  private static boolean ignored(List<String> patterns, String path) {
    boolean excluded = false;
    for (String raw : patterns) {
      boolean negate = raw.startsWith("!");
      String p = (negate ? raw.substring(1) : raw).replaceAll("^/|/$", "");
      String regex = Pattern.quote(p).replace("**", "\\E.*\\Q").replace("*", "\\E[^/]*\\Q");
      boolean match = false;
      String prefix = path;
      while (true) {
        match |= prefix.matches(regex);
        int slash = prefix.lastIndexOf('/');
        if (slash < 0) {
          break;
        }
        prefix = prefix.substring(0, slash);
      }
      if (match) {
        excluded = !negate;
      }
    }
    return excluded;
  }

  private static List<Instruction> instructions() {
    List<Instruction> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : DeployFiles.read(DOCKERFILE).split("\n", -1)) {
      String t = line.strip();
      if (cur.length() == 0 && (t.isEmpty() || t.startsWith("#"))) {
        continue;
      }
      if (t.startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      if (t.endsWith("\\")) {
        cur.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      cur.append(t);
      String s = cur.toString().strip();
      cur.setLength(0);
      int sp = s.indexOf(' ');
      out.add(new Instruction(s.substring(0, sp).toUpperCase(Locale.ROOT), s.substring(sp + 1).strip().replaceAll(" +", " ")));
    }
    return out;
  }

  private static List<String> argsOf(String keyword) {
    return instructions().stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
  }

  private static Map<String, String> argsBeforeFirstFrom() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Instruction i : instructions()) {
      if (i.keyword().equals("FROM")) {
        break;
      }
      if (i.keyword().equals("ARG") && i.args().contains("=")) {
        String[] kv = i.args().split("=", 2);
        out.put(kv[0], kv[1].replace("\"", ""));
      }
    }
    return out;
  }

  /** The instructions of stage {@code n} (0 = first FROM), FROM excluded. */
  private static List<Instruction> stage(int n) {
    List<Instruction> out = new ArrayList<>();
    int stage = -1;
    for (Instruction i : instructions()) {
      if (i.keyword().equals("FROM")) {
        stage++;
        continue;
      }
      if (stage == n) {
        out.add(i);
      }
    }
    return out;
  }
}
