package xraygallery.daemon.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import xraygallery.daemon.model.AnnotationValue;
import xraygallery.daemon.model.Http;
import xraygallery.daemon.model.RootCause;
import xraygallery.daemon.model.ServiceId;
import xraygallery.daemon.model.TraceSummary;
import xraygallery.daemon.model.TraceUser;
import xraygallery.daemon.model.ValueWithServiceIds;

/**
 * Computes a trace's summary and service graph from its assembled documents, following the X-Ray API
 * reference: response time, fault and error come from the root segment; throttle and partial from any
 * document; duration runs from the first start to the last completed end. Subsegments in the {@code aws}
 * and {@code remote} namespaces become inferred services (type {@code AWS::<name>}, {@code Database::SQL} when
 * they carry an {@code sql} block, else {@code remote}), unless a traced downstream segment answers them.
 */
public final class TraceSummarizer {
    private static final int MAX_VALUES_PER_ANNOTATION = 100;
    /** At most this many fault (and error) root causes per trace. */
    private static final int MAX_ROOT_CAUSES = 10;
    /** Root-cause paths stop this deep (a cycle of parent ids in bad input cannot loop). */
    private static final int MAX_PATH_DEPTH = 64;
    /** Entities a root-cause walk may visit per trace. */
    private static final int MAX_ROOT_CAUSE_VISITS = 10_000;

    private TraceSummarizer() {
    }

    public static TraceRecord summarize(AssembledTrace trace, int revision) {
        return new Walk(trace).summarize(revision);
    }

    private static final class Walk {
        final AssembledTrace trace;
        final Map<String, JsonNode> byId = new HashMap<>();
        final Map<String, ObjectNode> ownerSegment = new HashMap<>();
        final Set<String> downstreamParents = new HashSet<>();
        /** entity id → the segments whose parent it is (the traced services it called). */
        final Map<String, List<ObjectNode>> downstream = new HashMap<>();
        final Map<String, Map<AnnotationValue, LinkedHashSet<ServiceId>>> annotations = new LinkedHashMap<>();
        final Map<String, LinkedHashSet<ServiceId>> users = new LinkedHashMap<>();
        final LinkedHashSet<ServiceId> services = new LinkedHashSet<>();
        final LinkedHashSet<String> arns = new LinkedHashSet<>();
        final LinkedHashSet<String> instances = new LinkedHashSet<>();
        final LinkedHashSet<String> zones = new LinkedHashSet<>();
        final GraphFacts graph = new GraphFacts();
        double start = Double.POSITIVE_INFINITY;
        double lastEvent = Double.NEGATIVE_INFINITY;
        double lastCompletedEnd = Double.NEGATIVE_INFINITY;
        boolean inProgress;
        boolean throttle;

        ObjectNode root;

        Walk(AssembledTrace trace) {
            this.trace = trace;
        }

        double startTime() {
            return Double.isInfinite(start) ? 0 : start;
        }

        double endTime(double startTime) {
            return Double.isInfinite(lastEvent) ? startTime : lastEvent;
        }

        /** Indexes the trace, finds its root, and visits every entity: times, flags, graph facts (and the rest). */
        void walk() {
            for (ObjectNode document : trace.documents()) {
                index(document, document);
            }
            List<ObjectNode> segments = trace.segments();
            for (ObjectNode segment : segments) {
                String parent = segment.path("parent_id").asText(null);
                if (parent != null && byId.containsKey(parent)) {
                    downstreamParents.add(parent);
                    downstream.computeIfAbsent(parent, p -> new ArrayList<>()).add(segment);
                }
            }
            for (ObjectNode segment : segments) {
                String parent = segment.path("parent_id").asText(null);
                if ((parent == null || !byId.containsKey(parent))
                        && (root == null || time(segment, "start_time") < time(root, "start_time"))) {
                    root = segment;
                }
            }
            for (ObjectNode document : trace.documents()) {
                boolean isSegment = !"subsegment".equals(document.path("type").asText());
                ServiceId service = isSegment ? serviceOf(document) : null;
                if (isSegment) {
                    services.add(service);
                    segmentFacts(document, service, document == root);
                }
                visit(document, service, isSegment ? keyOf(document) : null, true);
            }
        }

        TraceRecord summarize(int revision) {
            walk();
            List<ObjectNode> segments = trace.segments();
            Double responseTime = root != null && TraceAssembler.isComplete(root)
                    ? time(root, "end_time") - time(root, "start_time") : null;
            double startTime = startTime();
            Double duration = Double.isInfinite(lastCompletedEnd) ? null
                    : Math.max(0, lastCompletedEnd - (root != null ? time(root, "start_time") : startTime));
            boolean fault;
            boolean error;
            if (root != null) {
                fault = root.path("fault").asBoolean(false);
                error = root.path("error").asBoolean(false) || root.path("throttle").asBoolean(false);
            } else {
                fault = segments.stream().anyMatch(s -> s.path("fault").asBoolean(false));
                error = segments.stream().anyMatch(s -> s.path("error").asBoolean(false));
            }
            boolean partial = inProgress || trace.orphans() > 0 || root == null;
            ServiceId entryPoint = root != null ? serviceOf(root) : null;
            TraceSummary summary = new TraceSummary(trace.traceId(), startTime, duration, responseTime, fault, error,
                    throttle, partial, root != null ? http(root) : null, renderAnnotations(), renderUsers(),
                    List.copyOf(services), arns.stream().map(TraceSummary.ResourceArn::new).toList(),
                    instances.stream().map(TraceSummary.InstanceId::new).toList(),
                    zones.stream().map(TraceSummary.AvailabilityZone::new).toList(), entryPoint,
                    rootCauses(segments, root, true), rootCauses(segments, root, false),
                    responseTimeRootCause(root), revision);
            return new TraceRecord(summary, startTime, endTime(startTime), TraceRecord.epochOf(trace.traceId()),
                    graph.toString());
        }

        private void index(JsonNode entity, ObjectNode owner) {
            String id = entity.path("id").asText(null);
            if (id != null) {
                byId.put(id, entity);
                ownerSegment.put(id, owner);
            }
            for (JsonNode child : entity.path("subsegments")) {
                index(child, owner);
            }
        }

        private void segmentFacts(ObjectNode segment, ServiceId service, boolean isRoot) {
            resources(segment, service);
            graphFacts(segment, isRoot);
        }

        private void resources(ObjectNode segment, ServiceId service) {
            String user = segment.path("user").asText(null);
            if (user != null) {
                users.computeIfAbsent(user, u -> new LinkedHashSet<>()).add(service);
            }
            String arn = segment.path("resource_arn").asText(null);
            if (arn != null) {
                arns.add(arn);
            }
            JsonNode ec2 = segment.path("aws").path("ec2");
            if (ec2.hasNonNull("instance_id")) {
                instances.add(ec2.get("instance_id").asText());
            }
            if (ec2.hasNonNull("availability_zone")) {
                zones.add(ec2.get("availability_zone").asText());
            }
        }

        private void graphFacts(ObjectNode segment, boolean isRoot) {
            boolean complete = TraceAssembler.isComplete(segment);
            Outcome outcome = complete ? Outcome.of(segment) : null;
            ServiceGraphBuilder.Key key = keyOf(segment);
            double s = time(segment, "start_time");
            double e = complete ? time(segment, "end_time") : s;
            graph.service(key, isRoot, s, e, outcome);
            String parent = segment.path("parent_id").asText(null);
            ObjectNode caller = parent == null ? null : ownerSegment.get(parent);
            if (caller != null && caller != segment && !"subsegment".equals(caller.path("type").asText())) {
                graph.call(keyOf(caller), key, s, e, outcome);
            }
        }

        /** Walks an entity and its subsegments; {@code from} is the graph node of the enclosing segment. */
        private void visit(JsonNode entity, ServiceId service, ServiceGraphBuilder.Key from, boolean topLevel) {
            double s = time(entity, "start_time");
            boolean complete = TraceAssembler.isComplete(entity);
            double e = complete ? time(entity, "end_time") : s;
            if (!(s > 0)) {
                s = e;
            }
            if (topLevel && s < start) {
                start = s;
            }
            if (Math.max(s, e) > lastEvent) {
                lastEvent = Math.max(s, e);
            }
            if (complete && e > lastCompletedEnd) {
                lastCompletedEnd = e;
            }
            inProgress |= !complete;
            throttle |= entity.path("throttle").asBoolean(false);
            JsonNode annotationsNode = entity.path("annotations");
            if (annotationsNode.isObject()) {
                annotationsNode.fields().forEachRemaining(field -> annotate(field.getKey(), field.getValue(), service));
            }
            if (!topLevel && from != null) {
                String namespace = entity.path("namespace").asText("");
                String id = entity.path("id").asText("");
                if ((namespace.equals("aws") || namespace.equals("remote")) && !downstreamParents.contains(id)) {
                    ServiceGraphBuilder.Key inferred = inferredKey(entity, namespace);
                    services.add(ServiceId.of(inferred.name(), inferred.type()));
                    Outcome outcome = complete ? Outcome.of(entity) : null;
                    graph.service(inferred, false, s, e, outcome);
                    graph.call(from, inferred, s, e, outcome);
                }
            }
            for (JsonNode child : entity.path("subsegments")) {
                visit(child, service, from, false);
            }
        }

        private void annotate(String key, JsonNode value, ServiceId service) {
            AnnotationValue annotation;
            if (value.isNumber()) {
                annotation = AnnotationValue.ofNumber(value.asDouble());
            } else if (value.isBoolean()) {
                annotation = AnnotationValue.ofBoolean(value.asBoolean());
            } else if (value.isTextual()) {
                annotation = AnnotationValue.ofString(value.asText());
            } else {
                return; // X-Ray annotations are strings, numbers or booleans
            }
            Map<AnnotationValue, LinkedHashSet<ServiceId>> values =
                    annotations.computeIfAbsent(key, k -> new LinkedHashMap<>());
            if (values.size() < MAX_VALUES_PER_ANNOTATION || values.containsKey(annotation)) {
                LinkedHashSet<ServiceId> ids = values.computeIfAbsent(annotation, a -> new LinkedHashSet<>());
                if (service != null) {
                    ids.add(service);
                }
            }
        }

        private Map<String, List<ValueWithServiceIds>> renderAnnotations() {
            Map<String, List<ValueWithServiceIds>> rendered = new LinkedHashMap<>();
            annotations.forEach((key, values) -> {
                List<ValueWithServiceIds> list = new ArrayList<>();
                values.forEach((value, ids) -> list.add(new ValueWithServiceIds(value, List.copyOf(ids))));
                rendered.put(key, list);
            });
            return rendered;
        }

        private List<TraceUser> renderUsers() {
            List<TraceUser> rendered = new ArrayList<>();
            users.forEach((name, ids) -> rendered.add(new TraceUser(name, List.copyOf(ids))));
            return rendered;
        }

        /**
         * Fault (or error) root causes: each path of flagged entities from where the flag starts down to the deepest
         * flagged entity, crossing into traced downstream services, as the services on that path with their entity
         * paths; a flagged {@code aws}/{@code remote} call with no traced service behind it ends the path with the
         * inferred service it calls. A cause that starts at the root segment is client-impacting; one that starts
         * below an entity without the flag (a handled fault) is not. Client-impacting causes come first.
         */
        private List<RootCause> rootCauses(List<ObjectNode> segments, ObjectNode root, boolean fault) {
            CauseWalk walk = new CauseWalk(root, fault);
            for (ObjectNode segment : segments) {
                String parent = segment.path("parent_id").asText(null);
                JsonNode caller = parent == null ? null : byId.get(parent);
                if (caller != null && walk.flagged(caller) && walk.flagged(segment)) {
                    continue; // part of its caller's cause
                }
                walk.walk(segment, serviceOf(segment), List.of(), List.of(), null, 0);
            }
            List<RootCause> causes = new ArrayList<>(walk.causes);
            causes.sort((a, b) -> Boolean.compare(b.clientImpacting(), a.clientImpacting()));
            return causes;
        }

        private final class CauseWalk {
            final ObjectNode root;
            final boolean fault;
            final List<RootCause> causes = new ArrayList<>();
            int budget = MAX_ROOT_CAUSE_VISITS;

            CauseWalk(ObjectNode root, boolean fault) {
                this.root = root;
                this.fault = fault;
            }

            boolean flagged(JsonNode entity) {
                return fault ? entity.path("fault").asBoolean(false)
                        : entity.path("error").asBoolean(false) || entity.path("throttle").asBoolean(false);
            }

            /**
             * Visits {@code entity} of {@code service}; {@code before} are the services earlier on the path,
             * {@code path} the entities above it in its service, {@code impacting} null until a cause has started.
             */
            void walk(JsonNode entity, ServiceId service, List<RootCause.Service> before, List<RootCause.Entity> path,
                    Boolean impacting, int depth) {
                if (causes.size() >= MAX_ROOT_CAUSES || --budget < 0 || depth > MAX_PATH_DEPTH) {
                    return;
                }
                boolean flagged = flagged(entity);
                if (impacting == null && flagged) {
                    impacting = entity == root;
                }
                List<RootCause.Entity> here = new ArrayList<>(path);
                here.add(new RootCause.Entity(entity.path("name").asText(), exceptions(entity), null,
                        isRemote(entity)));
                if (impacting == null) {
                    for (JsonNode child : entity.path("subsegments")) {
                        walk(child, service, before, here, null, depth + 1);
                    }
                    return; // downstream segments of an entity without the flag start their own walk
                }
                List<ObjectNode> called = downstream.getOrDefault(entity.path("id").asText(""), List.of());
                boolean deeper = false;
                for (JsonNode child : entity.path("subsegments")) {
                    boolean childFlagged = flagged(child);
                    deeper |= childFlagged;
                    walk(child, service, before, here, childFlagged ? impacting : null, depth + 1);
                }
                List<RootCause.Service> withThis = null;
                for (ObjectNode segment : called) {
                    if (flagged(segment)) {
                        deeper = true;
                        if (withThis == null) {
                            withThis = append(before, traced(service, here));
                        }
                        walk(segment, serviceOf(segment), withThis, List.of(), impacting, depth + 1);
                    }
                }
                if (!deeper && causes.size() < MAX_ROOT_CAUSES) {
                    List<RootCause.Service> services = append(before, traced(service, here));
                    if (isRemote(entity) != null && called.isEmpty() && entity != root) {
                        services = append(services, inferred(entity, null));
                    }
                    causes.add(new RootCause(services, impacting));
                }
            }
        }

        /**
         * The response-time root cause: from the root segment, the longest child at each level (a traced
         * downstream segment before the entity's own subsegments), each entity with its share of the root's
         * response time; a remote call without a traced service behind it ends with the inferred service it calls.
         */
        private List<RootCause> responseTimeRootCause(ObjectNode root) {
            if (root == null || !TraceAssembler.isComplete(root)) {
                return List.of();
            }
            double total = time(root, "end_time") - time(root, "start_time");
            if (!(total > 0)) {
                return List.of();
            }
            List<RootCause.Service> services = new ArrayList<>();
            ServiceId service = serviceOf(root);
            List<RootCause.Entity> path = new ArrayList<>();
            JsonNode current = root;
            for (int depth = 0; current != null && depth <= MAX_PATH_DEPTH; depth++) {
                double own = TraceAssembler.isComplete(current)
                        ? time(current, "end_time") - time(current, "start_time") : 0;
                Double coverage = Math.min(1.0, Math.round(own / total * 1000) / 1000.0);
                path.add(new RootCause.Entity(current.path("name").asText(), null, coverage, isRemote(current)));
                List<ObjectNode> called = downstream.getOrDefault(current.path("id").asText(""), List.of());
                JsonNode next = longest(called);
                if (next != null) {
                    services.add(traced(service, path));
                    service = serviceOf(next);
                    path = new ArrayList<>();
                    current = next;
                    continue;
                }
                next = longest(current.path("subsegments"));
                if (next == null && isRemote(current) != null && called.isEmpty() && current != root) {
                    services.add(traced(service, path));
                    services.add(inferred(current, coverage));
                    path = null;
                }
                current = next;
            }
            if (path != null) {
                services.add(traced(service, path));
            }
            return List.of(new RootCause(services, true));
        }

        private static JsonNode longest(Iterable<? extends JsonNode> entities) {
            JsonNode longest = null;
            double longestSeconds = -1;
            for (JsonNode child : entities) {
                if (TraceAssembler.isComplete(child)) {
                    double seconds = time(child, "end_time") - time(child, "start_time");
                    if (seconds > longestSeconds) {
                        longestSeconds = seconds;
                        longest = child;
                    }
                }
            }
            return longest;
        }

        private static RootCause.Service traced(ServiceId service, List<RootCause.Entity> path) {
            return new RootCause.Service(service.name(), service.names(), service.type(), null, List.copyOf(path),
                    false);
        }

        /** The service an {@code aws}/{@code remote} call is to, as a root-cause service of its own. */
        private static RootCause.Service inferred(JsonNode call, Double coverage) {
            ServiceGraphBuilder.Key key = inferredKey(call, call.path("namespace").asText(""));
            return new RootCause.Service(key.name(), List.of(key.name()), key.type(), null,
                    List.of(new RootCause.Entity(key.name(), null, coverage, Boolean.TRUE)), true);
        }

        private static <T> List<T> append(List<T> list, T element) {
            List<T> longer = new ArrayList<>(list.size() + 1);
            longer.addAll(list);
            longer.add(element);
            return longer;
        }

        private static List<RootCause.Exception> exceptions(JsonNode entity) {
            JsonNode list = entity.path("cause").path("exceptions");
            if (!list.isArray() || list.isEmpty()) {
                return null;
            }
            List<RootCause.Exception> exceptions = new ArrayList<>();
            for (JsonNode exception : list) {
                exceptions.add(new RootCause.Exception(exception.path("type").asText(null),
                        exception.path("message").asText(null)));
                if (exceptions.size() == 5) {
                    break;
                }
            }
            return exceptions;
        }

        private static Boolean isRemote(JsonNode entity) {
            String namespace = entity.path("namespace").asText("");
            return namespace.equals("aws") || namespace.equals("remote") ? Boolean.TRUE : null;
        }
    }

    static ServiceGraphBuilder.Key inferredKey(JsonNode subsegment, String namespace) {
        return inferredKey(subsegment.path("name").asText(), namespace, subsegment.has("sql"));
    }

    /** The service an {@code aws} or {@code remote} call named {@code name} is to. */
    static ServiceGraphBuilder.Key inferredKey(String name, String namespace, boolean sql) {
        if (namespace.equals("aws")) {
            return new ServiceGraphBuilder.Key(name, "AWS::" + name);
        }
        if (sql) {
            return new ServiceGraphBuilder.Key(name, "Database::SQL");
        }
        return new ServiceGraphBuilder.Key(name, "remote");
    }

    static ServiceGraphBuilder.Key keyOf(JsonNode segment) {
        return new ServiceGraphBuilder.Key(segment.path("name").asText(), segment.path("origin").asText(null));
    }

    static ServiceId serviceOf(JsonNode segment) {
        return ServiceId.of(segment.path("name").asText(), segment.path("origin").asText(null));
    }

    static Http http(JsonNode segment) {
        JsonNode http = segment.path("http");
        if (!http.isObject()) {
            return null;
        }
        JsonNode request = http.path("request");
        JsonNode response = http.path("response");
        Integer status = response.path("status").isNumber() ? response.path("status").asInt() : null;
        return new Http(request.path("url").asText(null), status, request.path("method").asText(null),
                request.path("user_agent").asText(null), request.path("client_ip").asText(null));
    }

    static double time(JsonNode entity, String field) {
        return entity.path(field).asDouble(0);
    }
}
