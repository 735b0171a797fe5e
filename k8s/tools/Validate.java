import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks rendered overlays offline: every built-in object against the Kubernetes API schema (the
 * official Java client's models, unknown fields rejected); Strimzi and Prometheus Operator resources
 * against those projects' own Java models (unknown fields rejected); then the suite's own rules.
 * Custom resources (KEDA, CloudNativePG, Prometheus Operator) are also written to a JSON file for
 * crd-check.mjs, which checks types, required fields and enums from their CRD schemas.
 *
 * Usage: java -cp CP Validate.java [--repo DIR] [--services DIR] [--services-of NAME=DIR]... --crd-out FILE NAME=RENDERED.yaml...
 * With --services, each service's DIR/<service>/src/main/resources/application.properties is read to
 * keep the manifests in step with the Kafka topics the code consumes (default: the --repo).
 * With --repo, every SWITCHBOARD_* variable the pods get must name a configuration key the code
 * knows (SmallRye Config ignores an unknown variable silently: a typo would fall back to a default).
 * Prints one line per violation and exits 1 if there is any.
 */
public class Validate {

    /** API groups whose kinds the Kubernetes client models cover. */
    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "policy", "autoscaling",
            "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io",
            "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io", "apiextensions.k8s.io");
    /** Custom resources checked by crd-check.mjs (schemas generated from the operators' CRDs). */
    private static final Set<String> CRD_GROUPS = Set.of("keda.sh", "postgresql.cnpg.io", "monitoring.coreos.com");
    /** Custom resources with a Java model from the operator's project: group/kind to class. */
    private static final Map<String, String> JAVA_MODELS = Map.of(
            "kafka.strimzi.io/Kafka", "io.strimzi.api.kafka.model.kafka.Kafka",
            "kafka.strimzi.io/KafkaNodePool", "io.strimzi.api.kafka.model.nodepool.KafkaNodePool",
            "kafka.strimzi.io/KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic",
            "monitoring.coreos.com/ServiceMonitor", "io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor",
            "monitoring.coreos.com/PodMonitor", "io.fabric8.openshift.api.model.monitoring.v1.PodMonitor",
            "monitoring.coreos.com/PrometheusRule", "io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule");
    private static final ObjectMapper JACKSON = new ObjectMapper();
    /** quarkus.shutdown.timeout in libs/platform: the pod's grace period must outlast it. */
    private static final int SHUTDOWN_TIMEOUT_SECONDS = 20;
    private static final String CONSUMES = "switchboard.io/consumes";

    private final List<String> violations = new ArrayList<>();
    private Path servicesRoot;
    private final Map<String, Path> servicesOf = new java.util.HashMap<>();
    private Path overlayServicesRoot;
    private Set<String> knownEnv;
    private Set<String> knownEnvPrefixes;

    public static void main(String[] args) throws IOException {
        Path crdOut = null;
        Map<String, Path> overlays = new LinkedHashMap<>();
        Validate v = new Validate();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--crd-out")) {
                crdOut = Path.of(args[++i]);
            } else if (args[i].equals("--services")) {
                v.servicesRoot = Path.of(args[++i]);
            } else if (args[i].equals("--services-of")) {
                String[] kv = args[++i].split("=", 2);
                v.servicesOf.put(kv[0], Path.of(kv[1]));
            } else if (args[i].equals("--repo")) {
                v.loadConfigKeys(Path.of(args[++i]));
                if (v.servicesRoot == null) {
                    v.servicesRoot = Path.of(args[i]);
                }
            } else {
                String[] kv = args[i].split("=", 2);
                overlays.put(kv[0], Path.of(kv[1]));
            }
        }
        JsonArray crds = new JsonArray();
        int objects = 0;
        for (var e : overlays.entrySet()) {
            List<JsonObject> docs;
            try {
                docs = load(e.getValue());
            } catch (RuntimeException notYaml) {
                v.fail(e.getKey(), "not valid YAML: " + notYaml.getMessage().lines().findFirst().orElse(""));
                continue;
            }
            objects += docs.size();
            v.checkOverlay(e.getKey(), docs, crds);
        }
        if (crdOut != null) {
            Files.writeString(crdOut, crds.toString());
        }
        v.violations.forEach(System.out::println);
        System.out.printf("schema+rules: %d objects in %d overlay(s), %d violation(s)%n",
                objects, overlays.size(), v.violations.size());
        System.exit(v.violations.isEmpty() ? 0 : 1);
    }

    static List<JsonObject> load(Path file) throws IOException {
        List<JsonObject> docs = new ArrayList<>();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Object doc : yaml.loadAll(Files.readString(file))) {
            if (doc instanceof Map<?, ?>) {
                docs.add(toJson(doc).getAsJsonObject());
            } else if (doc != null) {
                throw new IllegalArgumentException("a document is not a mapping: " + doc);
            }
        }
        return docs;
    }

    static JsonElement toJson(Object o) {
        if (o == null) {
            return JsonNull.INSTANCE;
        }
        if (o instanceof Map<?, ?> m) {
            JsonObject obj = new JsonObject();
            m.forEach((k, v) -> obj.add(String.valueOf(k), toJson(v)));
            return obj;
        }
        if (o instanceof List<?> l) {
            JsonArray arr = new JsonArray();
            l.forEach(v -> arr.add(toJson(v)));
            return arr;
        }
        if (o instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (o instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        return new JsonPrimitive(String.valueOf(o));
    }

    void checkOverlay(String overlay, List<JsonObject> docs, JsonArray crds) {
        Index idx = new Index(docs);
        overlayServicesRoot = servicesOf.getOrDefault(overlay, servicesRoot);
        for (JsonObject doc : docs) {
            String where = overlay + ": " + id(doc);
            if (str(doc, "apiVersion").isEmpty() || str(doc, "kind").isEmpty()) {
                fail(where, "apiVersion and kind are required");
                continue;
            }
            String group = group(doc);
            String model = JAVA_MODELS.get(group + "/" + str(doc, "kind"));
            if (model != null) {
                checkJavaModel(where, doc, model);
            }
            if (BUILT_IN_GROUPS.contains(group)) {
                checkSchema(where, doc);
            } else if (CRD_GROUPS.contains(group)) {
                JsonObject entry = new JsonObject();
                entry.addProperty("where", where);
                entry.add("doc", doc);
                crds.add(entry);
            } else if (model == null) {
                fail(where, "no schema known for " + str(doc, "apiVersion") + " " + str(doc, "kind"));
            }
            switch (str(doc, "kind")) {
                case "Deployment", "StatefulSet" -> checkWorkload(overlay, where, doc, idx);
                case "HorizontalPodAutoscaler" -> checkHpa(where, doc, idx);
                case "ScaledObject" -> checkScaledObject(where, doc, idx);
                case "Ingress" -> checkIngress(where, doc, idx);
                case "KafkaTopic" -> checkTopic(where, doc, idx);
                case "Secret" -> {
                    if (overlay.startsWith("prod") && (doc.has("data") || doc.has("stringData"))) {
                        fail(where, "prod overlays carry no secret values in git (create the Secret out of band)");
                    }
                }
                default -> { }
            }
        }
        boolean defaultDeny = idx.byKind("NetworkPolicy").stream().anyMatch(np -> {
            JsonObject spec = obj(np, "spec");
            return obj(spec, "podSelector").size() == 0 && arr(spec, "policyTypes").contains(new JsonPrimitive("Ingress"))
                    && arr(spec, "ingress").isEmpty();
        });
        if (!defaultDeny) {
            fail(overlay, "no default-deny ingress NetworkPolicy (podSelector {} with no ingress rules)");
        }
        if (knownEnv != null) {
            checkEnvNames(overlay, idx);
        }
        if (idx.byKind("ServiceMonitor").isEmpty() && idx.byKind("PodMonitor").isEmpty()) {
            fail(overlay, "no ServiceMonitor/PodMonitor: the services' /q/metrics would not be scraped");
        }
    }

    /** Calls V1Deployment.validateJsonElement(...) and the like: unknown or missing required fields throw. */
    private void checkSchema(String where, JsonObject doc) {
        String apiVersion = str(doc, "apiVersion");
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String cls = "io.kubernetes.client.openapi.models." + Character.toUpperCase(version.charAt(0))
                + version.substring(1) + str(doc, "kind");
        try {
            Class<?> model = Class.forName(cls);
            model.getMethod("validateJsonElement", JsonElement.class).invoke(null, doc);
            // The typed read: catches what the field check does not, e.g. a string for an integer.
            try {
                model.getMethod("fromJson", String.class).invoke(null, doc.toString());
            } catch (InvocationTargetException e) {
                fail(where, "schema: wrong type: " + e.getCause().getMessage());
            }
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            fail(where, "unknown kind for " + apiVersion + " (no schema " + cls + ")");
        } catch (InvocationTargetException e) {
            String msg = String.valueOf(e.getCause().getMessage());
            // The models quote the whole offending object; the field name and type are what matter.
            int json = msg.indexOf(" JSON: ");
            fail(where, "schema: " + (json > 0 ? msg.substring(0, json) : msg));
        } catch (ReflectiveOperationException e) {
            fail(where, "schema check failed: " + e);
        }
    }

    /**
     * Reads the object into the operator's own model class (a wrong type or an unknown polymorphic
     * "type" fails there), then reports every field the model kept aside as unknown.
     */
    private void checkJavaModel(String where, JsonObject doc, String className) {
        try {
            Object model = JACKSON.readValue(doc.toString(), Class.forName(className));
            Set<String> unknown = new LinkedHashSet<>();
            collectUnknown(model, "", unknown);
            unknown.forEach(path -> fail(where, "schema: unknown field " + path.substring(1)));
        } catch (ClassNotFoundException e) {
            fail(where, "no model class " + className);
        } catch (IOException e) {
            fail(where, "schema: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static void collectUnknown(Object o, String path, Set<String> out) {
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collectUnknown(v, path + "." + k, out));
            return;
        }
        if (o instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                collectUnknown(l.get(i), path + "[" + i + "]", out);
            }
            return;
        }
        if (o == null || !(o.getClass().getPackageName().startsWith("io.strimzi")
                || o.getClass().getPackageName().startsWith("io.fabric8"))) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            String n = m.getName();
            if (m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                if (n.equals("getAdditionalProperties")) {
                    if (m.invoke(o) instanceof Map<?, ?> extra) {
                        extra.keySet().forEach(k -> out.add(path + "." + k));
                    }
                } else if (n.startsWith("get") && n.length() > 3 && m.getAnnotation(JsonIgnore.class) == null) {
                    collectUnknown(m.invoke(o), path + "." + Character.toLowerCase(n.charAt(3)) + n.substring(4), out);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // A derived getter that cannot answer for this object says nothing about unknown fields.
            }
        }
    }

    private void checkWorkload(String overlay, String where, JsonObject doc, Index idx) {
        JsonObject pod = obj(obj(obj(doc, "spec"), "template"), "spec");
        JsonObject podSec = obj(pod, "securityContext");
        Map<String, String> volumeKinds = new TreeMap<>();
        for (JsonElement v : arr(pod, "volumes")) {
            JsonObject vol = v.getAsJsonObject();
            volumeKinds.put(str(vol, "name"), vol.has("emptyDir") ? "emptyDir" : "other");
        }
        for (JsonElement c : arr(pod, "containers")) {
            JsonObject ctr = c.getAsJsonObject();
            String at = where + " container " + str(ctr, "name");
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                if (!ctr.has(probe)) {
                    fail(at, "no " + probe);
                }
            }
            JsonObject res = obj(ctr, "resources");
            for (String section : List.of("requests", "limits")) {
                for (String r : List.of("cpu", "memory")) {
                    if (!obj(res, section).has(r)) {
                        fail(at, "resources." + section + "." + r + " not set");
                    }
                }
            }
            JsonObject sec = obj(ctr, "securityContext");
            if (!bool(sec, "readOnlyRootFilesystem")) {
                fail(at, "securityContext.readOnlyRootFilesystem is not true");
            }
            if (!bool(sec, "runAsNonRoot") && !bool(podSec, "runAsNonRoot")) {
                fail(at, "runAsNonRoot is not true (pod or container securityContext)");
            }
            if (num(sec, "runAsUser", num(podSec, "runAsUser", -1)) == 0) {
                fail(at, "runs as UID 0");
            }
            if (!sec.has("allowPrivilegeEscalation") || bool(sec, "allowPrivilegeEscalation")) {
                fail(at, "securityContext.allowPrivilegeEscalation is not false");
            }
            boolean tmpWritable = arr(ctr, "volumeMounts").asList().stream().map(JsonElement::getAsJsonObject)
                    .anyMatch(m -> "/tmp".equals(str(m, "mountPath"))
                            && "emptyDir".equals(volumeKinds.get(str(m, "name"))));
            if (!tmpWritable) {
                fail(at, "read-only root file system needs an emptyDir mounted at /tmp");
            }
            checkImage(overlay, at, str(ctr, "image"));
        }
        if (isService(doc)) {
            if (num(pod, "terminationGracePeriodSeconds", 30) <= SHUTDOWN_TIMEOUT_SECONDS + preStopSeconds(pod)) {
                fail(where, "terminationGracePeriodSeconds must exceed preStop pause + " + SHUTDOWN_TIMEOUT_SECONDS
                        + " s shutdown drain");
            }
            if (preStopSeconds(pod) == 0) {
                fail(where, "no preStop pause: the pod would drain while endpoints still route to it");
            }
            String name = name(doc);
            JsonObject podLabels = obj(obj(obj(obj(doc, "spec"), "template"), "metadata"), "labels");
            if (idx.byKind("PodDisruptionBudget").stream().noneMatch(p -> selects(obj(obj(p, "spec"), "selector"), podLabels))) {
                fail(where, "no PodDisruptionBudget selects its pods");
            }
            if (idx.byKind("Service").stream().noneMatch(s -> selectsLabels(obj(obj(s, "spec"), "selector"), podLabels))) {
                fail(where, "no Service selects its pods");
            }
            if (idx.scalerOf(name) == null) {
                fail(where, "no HorizontalPodAutoscaler or ScaledObject targets it");
            }
            checkConsumedTopics(where, doc, idx);
        }
    }

    /** Configuration keys the code reads: properties keys and ${...} references, @ConfigMapping prefixes. */
    private void loadConfigKeys(Path repo) throws IOException {
        knownEnv = new java.util.HashSet<>();
        knownEnvPrefixes = new java.util.HashSet<>();
        var reference = java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)");
        var mapping = java.util.regex.Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
        var property = java.util.regex.Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
        List<Path> sources;
        try (var files = Files.walk(repo)) {
            sources = files.filter(f -> {
                String path = f.toString().replace('\\', '/');
                return path.contains("/src/main/") && !path.contains("/target/") && !path.contains("/node_modules/")
                        && (path.endsWith(".properties") || path.endsWith(".java"));
            }).toList();
        }
        for (Path f : sources) {
            String text = Files.readString(f);
            if (f.toString().endsWith(".properties")) {
                for (String line : text.split("\n")) {
                    line = line.trim();
                    int eq = line.indexOf('=');
                    if (line.startsWith("#") || eq < 0) {
                        continue;
                    }
                    String key = line.substring(0, eq).trim();
                    knownEnv.add(toEnv(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key));
                }
            } else {
                mapping.matcher(text).results().forEach(m -> knownEnvPrefixes.add(toEnv(m.group(1)) + "_"));
                property.matcher(text).results().forEach(m -> knownEnv.add(toEnv(m.group(1))));
            }
            reference.matcher(text).results().forEach(m -> knownEnv.add(toEnv(m.group(1))));
        }
    }

    /** SmallRye Config's environment name of a property: non-alphanumerics become '_', upper case. */
    private static String toEnv(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    private void checkEnvNames(String overlay, Index idx) {
        Map<String, String> vars = new TreeMap<>(); // variable -> where it is set
        for (JsonObject d : idx.byKind("Deployment")) {
            if (!isService(d)) {
                continue;
            }
            for (JsonElement c : arr(obj(obj(obj(d, "spec"), "template"), "spec"), "containers")) {
                JsonObject ctr = c.getAsJsonObject();
                for (JsonElement e : arr(ctr, "env")) {
                    vars.put(str(e.getAsJsonObject(), "name"), id(d));
                }
                for (JsonElement e : arr(ctr, "envFrom")) {
                    JsonObject cm = idx.get("ConfigMap", str(obj(e.getAsJsonObject(), "configMapRef"), "name"));
                    if (cm != null) {
                        obj(cm, "data").keySet().forEach(k -> vars.put(k, id(cm)));
                    }
                }
            }
        }
        vars.forEach((name, where) -> {
            if (name.startsWith("SWITCHBOARD_") && !knownEnv.contains(name)
                    && knownEnvPrefixes.stream().noneMatch(name::startsWith)) {
                fail(overlay + ": " + where, "sets " + name + ", which names no configuration key of the services"
                        + " (SmallRye Config would ignore it)");
            }
        });
    }

    /**
     * The code is the truth about what a service consumes: every topic its own consumer group reads
     * (application.properties) must be in the switchboard.io/consumes annotation, so the replicas stay
     * within its partitions, and every topic it reads or dead-letters to must exist (no auto-creation).
     * Groups named per instance (${...}) read a topic whole on every replica: not bounded by partitions.
     */
    private void checkConsumedTopics(String where, JsonObject deployment, Index idx) {
        ServiceConfig cfg = serviceConfig(where, name(deployment));
        if (cfg == null) {
            return;
        }
        Set<String> annotated = new LinkedHashSet<>();
        for (String t : str(obj(obj(deployment, "metadata"), "annotations"), CONSUMES).split(",")) {
            if (!t.isBlank()) {
                annotated.add(t.trim());
            }
        }
        cfg.topicsByGroup.forEach((group, topics) -> {
            for (String topic : topics) {
                if (idx.partitions(topic) == null) {
                    fail(where, "consumes topic '" + topic + "' (application.properties) but no KafkaTopic declares it");
                }
                if (!group.contains("${") && !annotated.contains(topic)) {
                    fail(where, "consumes '" + topic + "' in group '" + group + "' (application.properties) but its "
                            + CONSUMES + " annotation does not list it");
                }
            }
        });
        for (String dlq : cfg.deadLetterTopics) {
            if (idx.partitions(dlq) == null) {
                fail(where, "dead-letters to '" + dlq + "' but no KafkaTopic declares it");
            }
        }
    }

    /** What a service's application.properties says about its Kafka consumers. */
    private record ServiceConfig(Map<String, Set<String>> topicsByGroup, Set<String> deadLetterTopics) { }

    /** Null when there is nothing to compare (no --services, or no such service in the repository). */
    private ServiceConfig serviceConfig(String where, String service) {
        Path props = overlayServicesRoot == null ? null
                : overlayServicesRoot.resolve(service).resolve("src/main/resources/application.properties");
        if (props == null || !Files.exists(props)) {
            return null;
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(props)) {
            p.load(in);
        } catch (IOException e) {
            fail(where, "cannot read " + props + ": " + e.getMessage());
            return null;
        }
        Map<String, Set<String>> byGroup = new TreeMap<>();
        Set<String> dlqs = new LinkedHashSet<>();
        String prefix = "mp.messaging.incoming.";
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith(prefix) || !(key.endsWith(".topic") || key.endsWith(".topics"))
                    || key.endsWith(".dead-letter-queue.topic")) {
                continue;
            }
            String channel = key.substring(prefix.length(), key.lastIndexOf('.'));
            String group = p.getProperty(prefix + channel + ".group.id", service);
            for (String topic : p.getProperty(key).split(",")) {
                // A topic named by ${...} is resolved only at run time: nothing to compare.
                if (!topic.isBlank() && !topic.contains("${")) {
                    byGroup.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(topic.trim());
                }
            }
            String dlq = p.getProperty(prefix + channel + ".dead-letter-queue.topic");
            if (dlq != null) {
                dlqs.add(dlq.trim());
            }
        }
        return new ServiceConfig(byGroup, dlqs);
    }

    private static int preStopSeconds(JsonObject pod) {
        int max = 0;
        for (JsonElement c : arr(pod, "containers")) {
            JsonObject preStop = obj(obj(c.getAsJsonObject(), "lifecycle"), "preStop");
            if (preStop.has("sleep")) {
                max = Math.max(max, num(obj(preStop, "sleep"), "seconds", 0));
            } else if (preStop.size() > 0) {
                max = Math.max(max, 1);
            }
        }
        return max;
    }

    private void checkImage(String overlay, String at, String image) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        if (image.contains("@sha256:")) {
            return;
        }
        int colon = last.indexOf(':');
        String tag = colon < 0 ? "" : last.substring(colon + 1);
        if (tag.isEmpty() || tag.equals("latest")) {
            fail(at, "image '" + image + "' has no pinned tag (empty or latest)");
        } else if (overlay.startsWith("prod") && tag.endsWith("SNAPSHOT")) {
            fail(at, "image '" + image + "' is a SNAPSHOT in a prod overlay");
        }
    }

    private void checkHpa(String where, JsonObject doc, Index idx) {
        JsonObject spec = obj(doc, "spec");
        checkReplicasVsPartitions(where, num(spec, "maxReplicas", 0), str(obj(spec, "scaleTargetRef"), "name"), List.of(), idx);
    }

    private void checkScaledObject(String where, JsonObject doc, Index idx) {
        JsonObject spec = obj(doc, "spec");
        List<String> triggerTopics = new ArrayList<>();
        for (JsonElement t : arr(spec, "triggers")) {
            JsonObject trig = t.getAsJsonObject();
            if ("kafka".equals(str(trig, "type"))) {
                String topic = str(obj(trig, "metadata"), "topic");
                if (topic.isEmpty()) {
                    fail(where, "kafka trigger without a topic: KEDA would count every topic of the group");
                }
                triggerTopics.add(topic);
                checkBootstrap(where, str(obj(doc, "metadata"), "namespace"), str(obj(trig, "metadata"), "bootstrapServers"));
                String group = str(obj(trig, "metadata"), "consumerGroup");
                ServiceConfig cfg = serviceConfig(where, str(obj(spec, "scaleTargetRef"), "name"));
                if (cfg != null && !cfg.topicsByGroup().getOrDefault(group, Set.of()).contains(topic)) {
                    fail(where, "kafka trigger watches group '" + group + "' on '" + topic + "', which the service's"
                            + " application.properties does not consume: its lag would never move");
                }
            }
        }
        // KEDA defaults maxReplicaCount to 100.
        checkReplicasVsPartitions(where, num(spec, "maxReplicaCount", 100), str(obj(spec, "scaleTargetRef"), "name"),
                triggerTopics, idx);
    }

    /** KEDA's operator connects from its own namespace: a short Service name would not resolve there. */
    private void checkBootstrap(String where, String namespace, String servers) {
        for (String server : servers.split(",")) {
            String[] host = server.trim().split(":")[0].split("\\.");
            if (host.length < 3 || !host[2].equals("svc")) {
                fail(where, "kafka trigger bootstrapServers '" + server + "' is not <service>.<namespace>.svc:<port>"
                        + " (KEDA resolves it from its own namespace)");
            } else if (!host[1].equals(namespace)) {
                fail(where, "kafka trigger bootstrapServers '" + server + "' names namespace '" + host[1]
                        + "', not the object's '" + namespace + "' (include components/keda-namespace)");
            }
        }
    }

    /** A consumer group never uses more members than partitions: extra replicas would sit idle. */
    private void checkReplicasVsPartitions(String where, int max, String target, List<String> extraTopics, Index idx) {
        JsonObject deployment = idx.get("Deployment", target);
        if (deployment == null) {
            fail(where, "scale target Deployment '" + target + "' is not in the overlay");
            return;
        }
        Set<String> topics = new LinkedHashSet<>(extraTopics);
        String consumes = str(obj(obj(deployment, "metadata"), "annotations"), CONSUMES);
        for (String t : consumes.split(",")) {
            if (!t.isBlank()) {
                topics.add(t.trim());
            }
        }
        for (String topic : topics) {
            Integer partitions = idx.partitions(topic);
            if (partitions == null) {
                fail(where, "consumes topic '" + topic + "' but no KafkaTopic declares it");
            } else if (max > partitions) {
                fail(where, "max replicas " + max + " > " + partitions + " partitions of " + topic);
            }
        }
    }

    private void checkIngress(String where, JsonObject doc, Index idx) {
        for (JsonElement r : arr(obj(doc, "spec"), "rules")) {
            for (JsonElement p : arr(obj(r.getAsJsonObject(), "http"), "paths")) {
                JsonObject path = p.getAsJsonObject();
                String value = str(path, "path");
                if (value.equals("/") || value.isEmpty() || value.startsWith("/internal") || value.startsWith("/q")) {
                    fail(where, "routes '" + value + "': internal, health/metrics and catch-all paths stay inside the cluster");
                }
                String svc = str(obj(obj(path, "backend"), "service"), "name");
                if (idx.get("Service", svc) == null) {
                    fail(where, "path " + value + " points at Service '" + svc + "' which is not in the overlay");
                }
            }
        }
    }

    private void checkTopic(String where, JsonObject doc, Index idx) {
        JsonObject spec = obj(doc, "spec");
        String topic = idx.topicName(doc);
        String cleanup = str(obj(spec, "config"), "cleanup.policy");
        if (topic.equals("agent.counters") && !cleanup.contains("compact")) {
            fail(where, "agent.counters must be compacted (cleanup.policy=compact)");
        }
        if (DOMAIN_TOPICS.contains(topic)) {
            JsonObject config = obj(spec, "config");
            if (!"-1".equals(str(config, "retention.ms")) || !"-1".equals(str(config, "retention.bytes"))
                    || cleanup.contains("compact")) {
                fail(where, topic + " is a domain topic: it keeps every record (retention.ms and retention.bytes \"-1\", "
                        + "cleanup.policy delete)");
            }
        }
        if (!topic.endsWith(".dlq") && idx.partitions(topic + ".dlq") == null) {
            fail(where, "no dead-letter topic " + topic + ".dlq");
        }
        if (num(spec, "partitions", 0) < 1) {
            fail(where, "spec.partitions must be set and positive");
        }
    }

    /** Kept for good: the history timelines, rebuilds and point-in-time answers are made from. */
    private static final Set<String> DOMAIN_TOPICS = Set.of("customer.events", "conversation.events", "timeline.events",
            "agent.events");

    private void fail(String where, String message) {
        violations.add("VIOLATION " + where + ": " + message);
    }

    // ---- the rendered overlay, indexed ----

    private static final class Index {
        private final List<JsonObject> docs;

        Index(List<JsonObject> docs) {
            this.docs = docs;
        }

        List<JsonObject> byKind(String kind) {
            return docs.stream().filter(d -> kind.equals(str(d, "kind"))).toList();
        }

        JsonObject get(String kind, String name) {
            return byKind(kind).stream().filter(d -> name.equals(name(d))).findFirst().orElse(null);
        }

        String topicName(JsonObject topic) {
            String explicit = str(obj(topic, "spec"), "topicName");
            return explicit.isEmpty() ? name(topic) : explicit;
        }

        Integer partitions(String topic) {
            return byKind("KafkaTopic").stream().filter(t -> topic.equals(topicName(t)))
                    .map(t -> num(obj(t, "spec"), "partitions", 0)).findFirst().orElse(null);
        }

        JsonObject scalerOf(String deployment) {
            for (String kind : List.of("HorizontalPodAutoscaler", "ScaledObject")) {
                for (JsonObject s : byKind(kind)) {
                    if (deployment.equals(str(obj(obj(s, "spec"), "scaleTargetRef"), "name"))) {
                        return s;
                    }
                }
            }
            return null;
        }
    }

    // ---- small JSON helpers: absent means empty, so rules read straight ----

    private static boolean isService(JsonObject doc) {
        return "service".equals(str(obj(obj(doc, "metadata"), "labels"), "app.kubernetes.io/component"));
    }

    private static boolean selects(JsonObject labelSelector, JsonObject labels) {
        return selectsLabels(obj(labelSelector, "matchLabels"), labels);
    }

    private static boolean selectsLabels(JsonObject wanted, JsonObject labels) {
        return wanted.size() > 0 && wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static String id(JsonObject doc) {
        return str(doc, "kind") + "/" + name(doc);
    }

    private static String name(JsonObject doc) {
        return str(obj(doc, "metadata"), "name");
    }

    private static String group(JsonObject doc) {
        String apiVersion = str(doc, "apiVersion");
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    static JsonObject obj(JsonObject o, String key) {
        JsonElement e = o == null ? null : o.get(key);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }

    static JsonArray arr(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
    }

    static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }

    static boolean bool(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() && e.getAsBoolean();
    }

    static int num(JsonObject o, String key, int absent) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsInt() : absent;
    }
}
