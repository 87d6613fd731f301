package io.fetchd.deploy;

import static io.fetchd.deploy.DeployFiles.K8S;
import static io.fetchd.deploy.DeployFiles.assertPinnedTag;
import static io.fetchd.deploy.DeployFiles.document;
import static io.fetchd.deploy.DeployFiles.documents;
import static io.fetchd.deploy.DeployFiles.k8s;
import static io.fetchd.deploy.DeployFiles.texts;
import static io.fetchd.deploy.DeployFiles.yamlFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchd.api.ApiServer;
import io.fetchd.client.policy.AddressClassifier;
import io.fetchd.client.policy.Cidr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks the Kubernetes manifests (deploy/k8s, for Kubernetes 1.30) without a cluster: every
 * file parses, every object has the API version 1.30 serves for its kind, a valid name and the
 * fields its kind needs, and the objects agree with each other and with fetchd (probe paths,
 * port, drain timeout, config keys). ComposeTest does the same for deploy/compose.
 */
class ManifestsTest {
  /** The apiVersion Kubernetes 1.30 serves (and does not deprecate) for each kind we ship. */
  private static final Map<String, String> API_VERSIONS =
      Map.of(
          "ConfigMap", "v1",
          "Service", "v1",
          "Deployment", "apps/v1",
          "HorizontalPodAutoscaler", "autoscaling/v2",
          "PodDisruptionBudget", "policy/v1",
          "NetworkPolicy", "networking.k8s.io/v1",
          "ServiceMonitor", "monitoring.coreos.com/v1",
          "PrometheusRule", "monitoring.coreos.com/v1",
          "Kustomization", "kustomize.config.k8s.io/v1beta1",
          "Component", "kustomize.config.k8s.io/v1alpha1");

  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

  /** Fields of a core/v1 Container in Kubernetes 1.30: a typo elsewhere is silently ignored. */
  private static final Set<String> CONTAINER_FIELDS =
      Set.of(
          "name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources",
          "resizePolicy", "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe",
          "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath",
          "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty");

  /** Fields of a core/v1 PodSpec in Kubernetes 1.30 (the ones a Deployment may set). */
  private static final Set<String> POD_SPEC_FIELDS =
      Set.of(
          "volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy",
          "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "nodeSelector",
          "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "nodeName",
          "hostNetwork", "hostPID", "hostIPC", "shareProcessNamespace", "securityContext",
          "imagePullSecrets", "hostname", "subdomain", "affinity", "schedulerName", "tolerations",
          "hostAliases", "priorityClassName", "priority", "dnsConfig", "readinessGates",
          "runtimeClassName", "enableServiceLinks", "preemptionPolicy", "overhead",
          "topologySpreadConstraints", "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates",
          "resourceClaims");

  // ---------------------------------------------------------------------------------------- all files

  @Test
  void everyKubernetesObjectHasTheApiVersionKubernetes130ServesForItsKind() {
    List<String> problems = new ArrayList<>();
    for (Path f : yamlFiles(K8S)) {
      List<JsonNode> docs = documents(f);
      if (docs.isEmpty()) {
        problems.add(f + ": no YAML document");
      }
      for (JsonNode d : docs) {
        String kind = d.path("kind").asText();
        String expected = API_VERSIONS.get(kind);
        if (expected == null) {
          problems.add(f + ": unexpected kind '" + kind + "' (add it to API_VERSIONS with its 1.30 apiVersion)");
        } else if (!expected.equals(d.path("apiVersion").asText())) {
          problems.add(f + ": " + kind + " has apiVersion '" + d.path("apiVersion").asText() + "', 1.30 serves " + expected);
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyKubernetesObjectHasAValidNameAndLabels() {
    List<String> problems = new ArrayList<>();
    for (Path f : yamlFiles(K8S)) {
      for (JsonNode d : documents(f)) {
        if (d.path("kind").asText().equals("Kustomization") || d.path("kind").asText().equals("Component")) {
          continue;
        }
        String name = d.path("metadata").path("name").asText("");
        Pattern rule = d.path("kind").asText().equals("Service") ? DNS1035_LABEL : DNS1123_SUBDOMAIN;
        if (!rule.matcher(name).matches() || name.length() > 63) {
          problems.add(f + ": metadata.name '" + name + "' is not a valid " + d.path("kind").asText() + " name");
        }
        if (d.path("metadata").has("namespace")) {
          problems.add(f + ": sets metadata.namespace; leave it to kubectl -n or kustomization.yaml");
        }
        d.path("metadata").path("labels").properties().forEach(e -> {
          if (!LABEL_VALUE.matcher(e.getValue().asText()).matches() || e.getValue().asText().length() > 63) {
            problems.add(f + ": label " + e.getKey() + " has an invalid value '" + e.getValue().asText() + "'");
          }
        });
      }
    }
    assertEquals(List.of(), problems);
  }

  /** The base lists every manifest of deploy/k8s; monitoring/ (a Component) lists its own. */
  @Test
  void kustomizationListsEveryManifestAndEachExists() {
    for (Path dir : List.of(K8S, K8S.resolve("monitoring"))) {
      JsonNode kz = document(dir.resolve("kustomization.yaml"));
      Set<String> listed = new TreeSet<>();
      kz.path("resources").forEach(r -> listed.add(r.asText()));
      for (String r : listed) {
        assertTrue(Files.isRegularFile(dir.resolve(r)), dir + "/kustomization.yaml lists " + r + ", which does not exist");
      }
      Set<String> present = new TreeSet<>();
      for (Path f : yamlFiles(dir)) {
        if (!f.getFileName().toString().equals("kustomization.yaml") && f.getParent().equals(dir)) {
          present.add(dir.relativize(f).toString());
        }
      }
      assertEquals(present, listed, dir + "/kustomization.yaml resources should be exactly the manifests beside it");
    }
    assertEquals("Component", document(K8S.resolve("monitoring/kustomization.yaml")).path("kind").asText(),
        "monitoring/ is an optional component, not part of the base");
  }

  /** Objects whose kinds need the Prometheus Operator's CRDs stay out of the base. */
  @Test
  void theBaseNeedsNoCustomResourceDefinitions() {
    for (Path f : yamlFiles(K8S)) {
      for (JsonNode d : documents(f)) {
        if (d.path("apiVersion").asText().startsWith("monitoring.coreos.com/")) {
          assertTrue(f.startsWith(K8S.resolve("monitoring")), f + " needs the Prometheus Operator's CRDs: keep it in monitoring/");
        }
      }
    }
  }

  /**
   * The documented image-tag step works with kubectl alone: an overlay with images: and the
   * monitoring component renders with `kubectl kustomize`, with the image replaced.
   */
  @Test
  void anOverlayWithKubectlAloneSetsTheImageAndAddsTheMonitoringComponent(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed");
    Path overlay = tmp.resolve("my-fetchd");
    Files.createDirectories(overlay);
    Path base = K8S.toAbsolutePath();
    Files.writeString(overlay.resolve("kustomization.yaml"), String.join("\n",
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        "resources: [" + overlay.relativize(base) + "]",
        "components: [" + overlay.relativize(base.resolve("monitoring")) + "]",
        "images:",
        "  - name: fetchd",
        "    newName: registry.example/team/fetchd",
        "    newTag: 1.2.3",
        ""));
    String plain = kubectl("kustomize", K8S.toString());
    assertFalse(plain.contains("kind: ServiceMonitor"), "the base should render without the monitoring objects");
    String out = kubectl("kustomize", overlay.toString());
    assertTrue(out.contains("image: registry.example/team/fetchd:1.2.3"), "the overlay's image should replace fetchd:<tag>:\n" + out);
    assertTrue(out.contains("kind: ServiceMonitor") && out.contains("kind: PrometheusRule"),
        "the monitoring component should add the ServiceMonitor and the PrometheusRule");
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static String kubectl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("kubectl");
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("kubectl", ".out");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " took over 60 s");
      }
      String text = Files.readString(out);
      assertEquals(0, p.exitValue(), "kubectl " + String.join(" ", args) + " failed:\n" + text);
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @Test
  void kustomizationSetsAPinnedImageForTheDeploymentsImage() {
    JsonNode kz = document(K8S.resolve("kustomization.yaml"));
    String image = container().path("image").asText();
    JsonNode entry = null;
    for (JsonNode i : kz.path("images")) {
      if (i.path("name").asText().equals(image.replaceFirst(":[^:/]*$", ""))) {
        entry = i;
      }
    }
    assertTrue(entry != null, "kustomization.yaml has no images: entry for " + image);
    assertPinnedTag(entry.path("newTag").asText(), "kustomization.yaml images.newTag");
  }

  // ------------------------------------------------------------------------------------- Deployment

  @Test
  void deploymentSelectorMatchesItsPodTemplateLabels() {
    JsonNode d = k8s("Deployment");
    JsonNode selector = d.path("spec").path("selector").path("matchLabels");
    assertTrue(selector.size() > 0, "Deployment spec.selector.matchLabels is empty");
    assertMatches(selector, podLabels(), "Deployment selector");
  }

  @Test
  void deploymentPodSpecAndContainerUseOnlyKnownFields() {
    List<String> unknown = new ArrayList<>();
    podSpec().fieldNames().forEachRemaining(n -> {
      if (!POD_SPEC_FIELDS.contains(n)) {
        unknown.add("spec.template.spec." + n);
      }
    });
    for (JsonNode c : podSpec().path("containers")) {
      c.fieldNames().forEachRemaining(n -> {
        if (!CONTAINER_FIELDS.contains(n)) {
          unknown.add("container " + c.path("name").asText() + ": " + n);
        }
      });
    }
    assertEquals(List.of(), unknown);
  }

  @Test
  void everyContainerHasANameAndAPinnedImage() {
    JsonNode containers = podSpec().path("containers");
    assertTrue(containers.size() > 0, "the pod has no containers");
    for (JsonNode c : containers) {
      String name = c.path("name").asText("");
      assertTrue(DNS1123_LABEL.matcher(name).matches(), "container name '" + name + "' is not a DNS-1123 label");
      String image = c.path("image").asText("");
      assertFalse(image.isEmpty(), "container " + name + " has no image");
      assertTrue(image.matches(".*:[^:/]+$"), "container " + name + " image '" + image + "' has no tag");
      assertPinnedTag(image.substring(image.lastIndexOf(':') + 1), "container " + name + " image");
    }
  }

  @Test
  void containerPortIsNamedHttpOn8080() {
    JsonNode port = namedPort(container(), "http");
    assertEquals(8080, port.path("containerPort").asInt(), "containerPort of http");
  }

  @Test
  void readinessProbeGetsReadyzOnTheHttpPort() {
    assertHttpGet(container().path("readinessProbe"), "/readyz", "readinessProbe");
  }

  @Test
  void livenessProbeGetsHealthzOnTheHttpPort() {
    assertHttpGet(container().path("livenessProbe"), "/healthz", "livenessProbe");
  }

  @Test
  void startupProbeIfAnyGetsHealthz() {
    JsonNode startup = container().path("startupProbe");
    if (!startup.isMissingNode()) {
      assertHttpGet(startup, "/healthz", "startupProbe");
    }
  }

  @Test
  void containerRequestsAndLimitsCpuAndMemoryWithRequestsWithinLimits() {
    JsonNode r = container().path("resources");
    for (String res : List.of("cpu", "memory")) {
      JsonNode req = r.path("requests").path(res);
      JsonNode lim = r.path("limits").path(res);
      assertTrue(req.isValueNode(), "resources.requests." + res + " is missing");
      assertTrue(lim.isValueNode(), "resources.limits." + res + " is missing");
      assertTrue(quantity(req.asText()) <= quantity(lim.asText()),
          "resources.requests." + res + " " + req.asText() + " exceeds the limit " + lim.asText());
    }
  }

  @Test
  void podRunsAsNonRootUser10001WithTheRuntimeDefaultSeccompProfile() {
    JsonNode sc = podSpec().path("securityContext");
    assertTrue(sc.path("runAsNonRoot").asBoolean(false), "pod securityContext.runAsNonRoot should be true");
    assertEquals(10001, sc.path("runAsUser").asInt(), "pod securityContext.runAsUser");
    assertEquals("RuntimeDefault", sc.path("seccompProfile").path("type").asText(), "pod seccompProfile.type");
  }

  @Test
  void containerSecurityContextLocksTheContainerDown() {
    JsonNode sc = container().path("securityContext");
    assertTrue(sc.path("runAsNonRoot").asBoolean(false), "runAsNonRoot should be true");
    assertEquals(10001, sc.path("runAsUser").asInt(), "runAsUser");
    assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(false), "readOnlyRootFilesystem should be true");
    assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), "allowPrivilegeEscalation should be false");
    assertFalse(sc.path("privileged").asBoolean(false), "privileged should be false");
    List<String> dropped = new ArrayList<>();
    sc.path("capabilities").path("drop").forEach(c -> dropped.add(c.asText()));
    assertEquals(List.of("ALL"), dropped, "capabilities.drop");
    assertFalse(sc.path("capabilities").has("add"), "no capability should be added back");
    assertEquals("RuntimeDefault", sc.path("seccompProfile").path("type").asText("RuntimeDefault"), "seccompProfile");
  }

  @Test
  void tmpIsAWritableEmptyDirBecauseTheRootFilesystemIsReadOnly() {
    String volume = null;
    for (JsonNode m : container().path("volumeMounts")) {
      if (m.path("mountPath").asText().equals("/tmp")) {
        assertFalse(m.path("readOnly").asBoolean(false), "/tmp must be writable");
        volume = m.path("name").asText();
      }
    }
    assertTrue(volume != null, "nothing is mounted at /tmp");
    assertTrue(volumeNamed(volume).has("emptyDir"), "the /tmp volume " + volume + " should be an emptyDir");
  }

  @Test
  void configMapIsMountedWhereFetchdConfigPoints() {
    String configPath = env(container(), "FETCHD_CONFIG");
    assertTrue(configPath != null, "FETCHD_CONFIG is not set");
    String dir = configPath.substring(0, configPath.lastIndexOf('/'));
    String file = configPath.substring(configPath.lastIndexOf('/') + 1);
    JsonNode mount = null;
    for (JsonNode m : container().path("volumeMounts")) {
      if (m.path("mountPath").asText().equals(dir)) {
        mount = m;
      }
    }
    assertTrue(mount != null, "nothing is mounted at " + dir);
    JsonNode cm = volumeNamed(mount.path("name").asText()).path("configMap");
    assertEquals(k8s("ConfigMap").path("metadata").path("name").asText(), cm.path("name").asText(),
        "the volume at " + dir + " should be the ConfigMap");
    assertTrue(k8s("ConfigMap").path("data").has(file), "the ConfigMap has no key " + file);
  }

  @Test
  void configMapFetchdYamlUsesOnlyKeysOfTheShippedConfigFile() {
    // fetchd refuses unknown keys at start-up: a typo here would crash-loop every pod.
    Set<String> known = new HashSet<>(DeployFiles.leafPaths(DeployFiles.parse(
        DeployFiles.read(DeployFiles.SHIPPED_CONFIG), DeployFiles.SHIPPED_CONFIG.toString())));
    List<String> unknown = new ArrayList<>();
    for (String p : DeployFiles.leafPaths(DeployFiles.configMapFetchdYaml())) {
      if (!known.contains(p)) {
        unknown.add(p);
      }
    }
    assertEquals(List.of(), unknown, "keys in the ConfigMap's fetchd.yaml that config/fetchd.yaml does not have");
  }

  @Test
  void podBindsAllInterfacesOnPort8080() {
    JsonNode server = DeployFiles.configMapFetchdYaml().path("server");
    String host = env(container(), "FETCHD_SERVER_HOST");
    assertEquals("0.0.0.0", host != null ? host : server.path("host").asText(), "server host in the pod");
    String port = env(container(), "FETCHD_SERVER_PORT");
    assertEquals(8080, port != null ? Integer.parseInt(port) : server.path("port").asInt(8080), "server port in the pod");
  }

  /**
   * The pod leaves the Service's endpoints before its listener closes: the kubelet sends SIGTERM
   * after preStop (if any), and fetchd keeps serving, unready, for server.readinessGrace. Then
   * it drains and gives responses still being written ApiServer.CLOSE_GRACE. The grace period,
   * counted from the start of preStop, covers all of it.
   */
  @Test
  void gracePeriodCoversPreStopReadinessGraceDrainTimeoutAndCloseGrace() {
    JsonNode spec = podSpec();
    assertTrue(spec.has("terminationGracePeriodSeconds"), "terminationGracePeriodSeconds is not set");
    Duration grace = Duration.ofSeconds(spec.path("terminationGracePeriodSeconds").asLong());
    Duration preStop = preStopSleep();
    Duration unready = DeployFiles.readinessGrace();
    Duration drain = DeployFiles.drainTimeout();
    assertTrue(preStop.plus(unready).compareTo(Duration.ofSeconds(5)) >= 0,
        "preStop + server.readinessGrace should give endpoints at least 5 s to update, is " + preStop.plus(unready));
    Duration needed = preStop.plus(unready).plus(drain).plus(ApiServer.CLOSE_GRACE);
    assertTrue(grace.compareTo(needed) > 0,
        "terminationGracePeriodSeconds " + grace.toSeconds() + " s should exceed preStop " + preStop.toSeconds()
            + " s + readiness grace " + unready.toSeconds() + " s + drain timeout " + drain.toSeconds()
            + " s + close grace " + ApiServer.CLOSE_GRACE.toSeconds() + " s");
  }

  // ---------------------------------------------------------------------------- the other objects

  @Test
  void serviceSelectsThePodsAndTargetsTheHttpPort() {
    JsonNode svc = k8s("Service");
    assertMatches(svc.path("spec").path("selector"), podLabels(), "Service selector");
    JsonNode ports = svc.path("spec").path("ports");
    assertTrue(ports.size() > 0, "Service has no ports");
    for (JsonNode p : ports) {
      assertTrue(p.path("port").isInt() && p.path("port").asInt() > 0 && p.path("port").asInt() < 65536,
          "Service port " + p.path("port"));
      JsonNode target = p.path("targetPort");
      if (target.isTextual()) {
        namedPort(container(), target.asText());
      } else {
        assertEquals(8080, target.asInt(p.path("port").asInt()), "Service targetPort");
      }
    }
    assertEquals("http", ports.get(0).path("name").asText(), "the Service port the ServiceMonitor uses is named http");
  }

  @Test
  void hpaScalesTheDeploymentOnCpuUtilization() {
    JsonNode hpa = k8s("HorizontalPodAutoscaler");
    JsonNode ref = hpa.path("spec").path("scaleTargetRef");
    assertEquals("apps/v1", ref.path("apiVersion").asText(), "scaleTargetRef.apiVersion");
    assertEquals("Deployment", ref.path("kind").asText(), "scaleTargetRef.kind");
    assertEquals(k8s("Deployment").path("metadata").path("name").asText(), ref.path("name").asText(), "scaleTargetRef.name");
    int min = hpa.path("spec").path("minReplicas").asInt(1);
    int max = hpa.path("spec").path("maxReplicas").asInt();
    assertTrue(min >= 2 && max >= min, "replicas should be 2 <= min <= max, got " + min + ".." + max);
    boolean cpu = false;
    for (JsonNode m : hpa.path("spec").path("metrics")) {
      if (m.path("type").asText().equals("Resource") && m.path("resource").path("name").asText().equals("cpu")) {
        int target = m.path("resource").path("target").path("averageUtilization").asInt();
        cpu = m.path("resource").path("target").path("type").asText().equals("Utilization") && target > 0 && target <= 100;
      }
    }
    assertTrue(cpu, "the HPA should target a CPU utilization between 1 and 100 %");
  }

  @Test
  void pdbSelectsThePodsAndLetsOneGoAtATime() {
    JsonNode spec = k8s("PodDisruptionBudget").path("spec");
    assertTrue(spec.path("selector").path("matchLabels").size() > 0, "PDB selector is empty");
    assertMatches(spec.path("selector").path("matchLabels"), podLabels(), "PDB selector");
    assertTrue(spec.has("maxUnavailable") ^ spec.has("minAvailable"), "PDB sets exactly one of maxUnavailable, minAvailable");
  }

  @Test
  void serviceMonitorScrapesMetricsFromTheServicesHttpPort() {
    JsonNode sm = k8s("ServiceMonitor");
    assertMatches(sm.path("spec").path("selector").path("matchLabels"),
        k8s("Service").path("metadata").path("labels"), "ServiceMonitor selector (on Service labels)");
    JsonNode endpoints = sm.path("spec").path("endpoints");
    assertEquals(1, endpoints.size(), "ServiceMonitor endpoints");
    assertEquals("http", endpoints.get(0).path("port").asText(), "ServiceMonitor endpoint port name");
    String metricsPath = DeployFiles.configMapFetchdYaml().path("metrics").path("path").asText("/metrics");
    assertEquals(metricsPath, endpoints.get(0).path("path").asText(), "ServiceMonitor endpoint path");
  }

  @Test
  void networkPolicyCoversThePodsInBothDirections() {
    JsonNode spec = k8s("NetworkPolicy").path("spec");
    assertMatches(spec.path("podSelector").path("matchLabels"), podLabels(), "NetworkPolicy podSelector");
    Set<String> types = new HashSet<>();
    spec.path("policyTypes").forEach(t -> types.add(t.asText()));
    assertEquals(Set.of("Ingress", "Egress"), types, "policyTypes");
  }

  @Test
  void networkPolicyAdmitsIngressOnPort8080() {
    boolean found = false;
    for (JsonNode rule : k8s("NetworkPolicy").path("spec").path("ingress")) {
      for (JsonNode p : rule.path("ports")) {
        found |= p.path("port").asInt() == 8080 || p.path("port").asText().equals("http");
      }
    }
    assertTrue(found, "no ingress rule admits port 8080");
  }

  @Test
  void networkPolicyAllowsDnsOnlyToKubeDns() {
    boolean dns = false;
    for (JsonNode rule : k8s("NetworkPolicy").path("spec").path("egress")) {
      Set<String> ports = new HashSet<>();
      rule.path("ports").forEach(p -> ports.add(p.path("protocol").asText("TCP") + "/" + p.path("port").asText()));
      if (ports.contains("UDP/53")) {
        assertTrue(ports.contains("TCP/53"), "DNS over TCP (large answers) should be allowed with UDP");
        for (JsonNode to : rule.path("to")) {
          assertFalse(to.has("ipBlock"), "DNS should go to kube-dns pods, not an ipBlock");
          assertEquals("kube-dns", to.path("podSelector").path("matchLabels").path("k8s-app").asText(), "DNS podSelector");
          assertEquals("kube-system",
              to.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText(),
              "DNS namespaceSelector");
        }
        dns = rule.path("to").size() > 0;
      }
    }
    assertTrue(dns, "no egress rule allows DNS (UDP 53) to kube-dns");
  }

  /**
   * The special-purpose ranges of IANA's IPv4 and IPv6 registries that are not globally
   * reachable, plus cloud metadata addresses: none may be reachable through the egress ipBlocks.
   */
  private static final List<String> SPECIAL_RANGES =
      List.of(
          "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
          "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
          "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
          "169.254.169.254/32", "168.63.129.16/32", "100.100.100.200/32",
          "::/128", "::1/128", "::ffff:0:0/96", "::ffff:0:0:0/96", "::/96", "64:ff9b::/96",
          "64:ff9b:1::/48", "100::/64", "100:0:0:1::/64", "2001::/23", "2001::/32", "2001:db8::/32",
          "2002::/16", "3fff::/20", "5f00::/16", "fc00::/7", "fd00:ec2::254/128", "fe80::/10",
          "fec0::/10", "ff00::/8");

  @Test
  void specialRangesAreTheOnesFetchdsAddressPolicyRefuses() {
    for (String r : SPECIAL_RANGES) {
      Cidr c = Cidr.parse(r);
      assertTrue(AddressClassifier.classify(c.network()).isPresent(),
          r + " is in the NetworkPolicy's list but fetchd's address policy would fetch it");
    }
  }

  @Test
  void networkPolicyEgressToTheInternetReachesNoSpecialPurposeRange() {
    boolean v4 = false;
    boolean v6 = false;
    List<String> reachable = new ArrayList<>();
    for (JsonNode rule : k8s("NetworkPolicy").path("spec").path("egress")) {
      for (JsonNode to : rule.path("to")) {
        JsonNode block = to.path("ipBlock");
        if (block.isObject()) {
          Cidr allowed = Cidr.parse(block.path("cidr").asText());
          v4 |= allowed.isIpv4();
          v6 |= !allowed.isIpv4();
          List<Cidr> except = new ArrayList<>();
          block.path("except").forEach(e -> except.add(Cidr.parse(e.asText())));
          for (Cidr e : except) {
            assertTrue(within(e, allowed) && !e.equals(allowed), "except " + e + " must lie inside cidr " + allowed);
          }
          for (String r : SPECIAL_RANGES) {
            Cidr special = Cidr.parse(r);
            if (special.isIpv4() != allowed.isIpv4()) {
              continue;
            }
            if (within(allowed, special)) {
              reachable.add(r + " (all of it, through " + allowed + ")");
            } else if (within(special, allowed) && except.stream().noneMatch(e -> within(special, e))) {
              reachable.add(r + " (through " + allowed + ")");
            }
          }
        }
        assertFalse(to.isObject() && to.size() == 0, "an empty egress peer allows everything");
      }
      assertFalse(rule.path("to").isMissingNode() && rule.path("ports").isMissingNode(),
          "an egress rule without to and ports allows everything");
    }
    assertTrue(v4 && v6, "egress should allow the public internet over IPv4 and IPv6 through ipBlocks");
    assertEquals(List.of(), reachable, "special-purpose ranges the NetworkPolicy lets fetchd reach");
  }

  /** Whether every address of {@code inner} is in {@code outer} (same family). */
  private static boolean within(Cidr inner, Cidr outer) {
    return inner.isIpv4() == outer.isIpv4()
        && inner.prefixLength() >= outer.prefixLength()
        && outer.contains(inner.network());
  }

  // ------------------------------------------------------------------------------------------ helpers

  private static JsonNode podSpec() {
    return k8s("Deployment").path("spec").path("template").path("spec");
  }

  private static JsonNode podLabels() {
    return k8s("Deployment").path("spec").path("template").path("metadata").path("labels");
  }

  private static JsonNode container() {
    for (JsonNode c : podSpec().path("containers")) {
      if (c.path("name").asText().equals("fetchd")) {
        return c;
      }
    }
    throw new AssertionError("the Deployment has no container named fetchd");
  }

  private static JsonNode volumeNamed(String name) {
    for (JsonNode v : podSpec().path("volumes")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("the pod has no volume named " + name);
  }

  private static JsonNode namedPort(JsonNode container, String name) {
    for (JsonNode p : container.path("ports")) {
      if (p.path("name").asText().equals(name)) {
        assertTrue(name.length() <= 15 && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") && name.matches(".*[a-z].*"),
            "port name '" + name + "' is not a valid IANA service name");
        return p;
      }
    }
    throw new AssertionError("container " + container.path("name").asText() + " has no port named " + name);
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    return null;
  }

  private static Duration preStopSleep() {
    JsonNode preStop = container().path("lifecycle").path("preStop");
    if (preStop.isMissingNode()) {
      return Duration.ZERO;
    }
    if (preStop.has("sleep")) {
      return Duration.ofSeconds(preStop.path("sleep").path("seconds").asLong());
    }
    List<String> cmd = texts(preStop.path("exec").path("command"));
    assertTrue(cmd.size() == 2 && cmd.get(0).endsWith("sleep"), "preStop should be a sleep, is " + cmd);
    return Duration.ofSeconds(Long.parseLong(cmd.get(1)));
  }

  private static void assertHttpGet(JsonNode probe, String path, String what) {
    assertFalse(probe.isMissingNode(), what + " is missing");
    JsonNode get = probe.path("httpGet");
    assertEquals(path, get.path("path").asText(), what + " path");
    JsonNode port = get.path("port");
    if (port.isTextual()) {
      namedPort(container(), port.asText());
    } else {
      assertEquals(8080, port.asInt(), what + " port");
    }
    assertTrue(probe.path("timeoutSeconds").asInt(1) < probe.path("periodSeconds").asInt(10),
        what + " timeoutSeconds should be below periodSeconds");
  }

  /** Every key/value of {@code selector} is among {@code labels}. */
  private static void assertMatches(JsonNode selector, JsonNode labels, String what) {
    assertTrue(selector.isObject() && selector.size() > 0, what + " is empty");
    selector.properties().forEach(e ->
        assertEquals(e.getValue().asText(), labels.path(e.getKey()).asText(null),
            what + " " + e.getKey() + " does not match the labels " + labels));
  }

  /** A Kubernetes quantity in base units (cores, bytes), for comparing requests with limits. */
  private static double quantity(String q) {
    var m = Pattern.compile("([0-9.]+)(m|k|Ki|M|Mi|G|Gi|T|Ti)?").matcher(q);
    assertTrue(m.matches(), "not a quantity: " + q);
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2);
    Map<String, Double> scale =
        Map.of("", 1d, "m", 1e-3, "k", 1e3, "Ki", 1024d, "M", 1e6, "Mi", 1024d * 1024, "G", 1e9,
            "Gi", 1024d * 1024 * 1024, "T", 1e12, "Ti", 1024d * 1024 * 1024 * 1024);
    return n * scale.get(unit);
  }
}
