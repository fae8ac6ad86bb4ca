package xraygallery.daemon.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import xraygallery.daemon.model.AnnotationValue;
import xraygallery.daemon.model.RootCause;
import xraygallery.daemon.model.ServiceId;
import xraygallery.daemon.model.TraceSummary;
import xraygallery.daemon.model.TraceUser;
import xraygallery.daemon.model.ValueWithServiceIds;
import xraygallery.daemon.trace.GraphFacts;
import xraygallery.daemon.trace.Outcome;
import xraygallery.daemon.trace.ServiceGraphBuilder;

/**
 * A recursive-descent parser for X-Ray filter expressions, as the X-Ray developer guide describes them ("Using
 * filter expressions"), compiled to a {@link TraceFilter}:
 *
 * <pre>
 * expression := or
 * or         := and ( "OR" and )*
 * and        := unary ( "AND"? unary )*          (juxtaposition means AND, as in "ok !partial")
 * unary      := "!" unary | "(" expression ")" | term
 * term       := boolean-keyword [ ("=" | "!=") ("true" | "false") ]
 *             | number-keyword  ( "=" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" ) number
 *             | string-keyword  [ ( "=" | "!=" | "BEGINSWITH" | "ENDSWITH" | "CONTAINS" ) string ]
 *             | "annotation" ( "." key | "[" key "]" ) [ operator value ]
 *             | "service" "(" [ service-id ] ")" [ "{" expression "}" ]
 *             | "edge" "(" service-id "," service-id ")" [ "{" expression "}" ]
 *             | "rootcause" "." ( "fault" | "error" ) "." ( "service" | "entity" | "exception" ) [ "{" expression "}" ]
 *             | "rootcause" "." "responsetime" "." ( "service" | "entity" ) [ "{" expression "}" ]
 * service-id := string | "id" "(" id-field ( "," id-field )* ")"
 * id-field   := ( "name" | "type" | "account.id" ) ":" string
 * </pre>
 *
 * <p>At the top level the keywords are about the whole trace: booleans {@code ok error fault throttle partial};
 * numbers {@code responsetime duration http.status}; strings {@code user http.url http.method http.useragent
 * http.clientip availabilityzone instance.id resource.arn}. As in X-Ray, {@code error} and {@code fault} are the
 * root segment's, {@code throttle} and {@code partial} any segment's; {@code ok} means neither error nor fault. A
 * string keyword alone ({@code http.url}) means the trace has that value. Keywords, {@code AND}, {@code OR} and the
 * string operators are case-insensitive; annotation keys, service names and values are not.
 *
 * <p>Inside braces the keywords are about one element, and the term is true if any element of the trace
 * satisfies the whole body:
 * <ul>
 * <li>{@code service(...) { }}: each occurrence of the service in the trace (a segment of a traced service, or a
 * call to an inferred service such as S3): {@code ok error fault throttle root} and {@code responsetime} (that
 * segment's or call's own; {@code error} includes throttles). {@code service() { fault }} means any service.
 * Without braces, {@code service("S3")} means the trace went through S3.
 * <li>{@code edge(from, to) { }}: each call from one service to the other, as in the service graph:
 * {@code ok error fault throttle responsetime}.
 * <li>{@code rootcause.KIND.service { }}: the services on each of the trace's fault, error or response-time root
 * causes (the trace summary's FaultRootCauses, ErrorRootCauses, ResponseTimeRootCauses), in path order:
 * {@code name type inferred index first last}. {@code rootcause.KIND.entity { }}: the entities of each root cause,
 * numbered along the whole path (the first service's entity path, then the next service's), so {@code last} is the
 * deepest entity, where the fault happened: {@code name remote index first last}, and {@code coverage} (share of the
 * root's response time) for {@code rootcause.responsetime.entity}. {@code rootcause.KIND.exception { }}: the
 * exceptions recorded on those entities, numbered the same way: {@code name message index first last}. Indexes
 * start at 0. Without braces, {@code rootcause.fault.service} means the trace has a fault root cause.
 * </ul>
 * {@code id(name: "S3", type: "AWS::S3")} names a service by any of name, type and {@code account.id}; a plain
 * string matches every service of that name, whatever its type. Local traces carry no account ids, so
 * {@code account.id} matches nothing.
 *
 * <p>A term about a value a trace lacks (no response time yet, no such annotation, no user) is false, also with
 * {@code !=}, which means "has the value, and none of its values equals". An annotation alone is true if it is set
 * and, when its value is a boolean, true. Not supported, and reported as errors naming the position: groups
 * ({@code group.name}, {@code group.arn}: the local daemon has no groups), {@code rootcause.json}, top-level
 * {@code inferred}, and annotations inside braces (X-Ray does not allow them either).
 *
 * <p>Filters run over every summary a query scans, so the compiled predicate does no parsing of documents: it
 * reads the summary, and the trace's graph facts only when the expression has {@code service(...) { }} or
 * {@code edge(...)} (then once per trace, however many such terms there are).
 */
public final class FilterExpression {
    /** Longer expressions are refused before parsing. */
    public static final int MAX_LENGTH = 4_096;

    private static final List<String> NUMBER_OPERATORS = List.of("=", "!=", "<", "<=", ">", ">=");
    private static final List<String> STRING_OPERATORS = List.of("=", "!=", "BEGINSWITH", "ENDSWITH", "CONTAINS");
    private static final String TOP_LEVEL_KEYWORDS = "ok, error, fault, throttle, partial, responsetime, duration,"
            + " http.status, http.url, http.method, http.useragent, http.clientip, user, availabilityzone,"
            + " instance.id, resource.arn, annotation.KEY, service(...), edge(...), rootcause.fault|error|"
            + "responsetime.service|entity|exception";

    private final String text;
    private final List<Token> tokens;
    private int next;
    private boolean readsGraphFacts;

    private FilterExpression(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    /** Parses {@code expression}; null or blank matches every trace. */
    public static TraceFilter parse(String expression) throws FilterSyntaxException {
        if (expression == null || expression.isBlank()) {
            return TraceFilter.ALL;
        }
        if (expression.length() > MAX_LENGTH) {
            throw new FilterSyntaxException("the expression is " + expression.length() + " characters; the limit is "
                    + MAX_LENGTH, MAX_LENGTH, "");
        }
        FilterExpression parser = new FilterExpression(expression, tokenize(expression));
        Predicate<Trace> predicate = parser.or(parser::traceTerm);
        Token rest = parser.peek();
        if (rest.kind != Kind.END) {
            throw parser.error("unexpected " + rest.describe(), rest);
        }
        return new Compiled(expression, predicate, parser.readsGraphFacts);
    }

    private record Compiled(String expression, Predicate<Trace> predicate, boolean readsGraphFacts)
            implements TraceFilter {
        @Override
        public boolean test(TraceSummary summary, String graphFacts) {
            return predicate.test(new Trace(summary, graphFacts));
        }

        @Override
        public String toString() {
            return expression;
        }
    }

    /** One trace under test: its summary, and its graph facts, read when first needed. */
    private static final class Trace {
        final TraceSummary summary;
        final String graphFacts;
        GraphFacts.Read read;

        Trace(TraceSummary summary, String graphFacts) {
            this.summary = summary;
            this.graphFacts = graphFacts;
        }

        GraphFacts.Read facts() {
            if (read == null) {
                read = GraphFacts.read(graphFacts);
            }
            return read;
        }
    }

    /** What a keyword means where it is: at the top level, or inside the braces of one kind of element. */
    @FunctionalInterface
    private interface Scope<T> {
        Predicate<T> term(Token keyword) throws FilterSyntaxException;
    }

    // ------------------------------------------------------------------ grammar

    private <T> Predicate<T> or(Scope<T> scope) throws FilterSyntaxException {
        Predicate<T> left = and(scope);
        while (peek().isWord("OR")) {
            next++;
            left = left.or(and(scope));
        }
        return left;
    }

    private <T> Predicate<T> and(Scope<T> scope) throws FilterSyntaxException {
        Predicate<T> left = unary(scope);
        while (true) {
            Token token = peek();
            if (token.isWord("AND")) {
                next++;
                left = left.and(unary(scope));
            } else if (startsTerm(token)) {
                left = left.and(unary(scope));
            } else {
                return left;
            }
        }
    }

    private static boolean startsTerm(Token token) {
        return token.kind == Kind.NOT || token.kind == Kind.LPAREN
                || token.kind == Kind.WORD && !token.isWord("AND") && !token.isWord("OR");
    }

    private <T> Predicate<T> unary(Scope<T> scope) throws FilterSyntaxException {
        Token token = take();
        switch (token.kind) {
            case NOT:
                return unary(scope).negate();
            case LPAREN: {
                Predicate<T> inner = or(scope);
                expect(Kind.RPAREN, "')' to close the '(' at position " + (token.index + 1));
                return inner;
            }
            case WORD:
                if (token.isWord("AND") || token.isWord("OR")) {
                    throw error("'" + token.text + "' needs a condition before it", token);
                }
                return scope.term(token);
            case END:
                throw error("the expression ends where a condition was expected", token);
            default:
                throw error("expected a keyword, '!' or '(' but found " + token.describe(), token);
        }
    }

    /** {@code "{" expression "}"}, the opening brace being next. */
    private <T> Predicate<T> body(Scope<T> scope) throws FilterSyntaxException {
        Token open = take();
        if (peek().kind == Kind.RBRACE) {
            throw error("the braces are empty: write a condition inside { }", peek());
        }
        Predicate<T> inner = or(scope);
        expect(Kind.RBRACE, "'}' to close the '{' at position " + (open.index + 1));
        return inner;
    }

    // ------------------------------------------------------------------ top level: the whole trace

    private Predicate<Trace> traceTerm(Token keyword) throws FilterSyntaxException {
        switch (keyword.lower()) {
            case "ok":
                return booleanTerm(keyword, t -> !isTrue(t.summary.hasFault()) && !isTrue(t.summary.hasError()));
            case "error":
                return booleanTerm(keyword, t -> isTrue(t.summary.hasError()));
            case "fault":
                return booleanTerm(keyword, t -> isTrue(t.summary.hasFault()));
            case "throttle":
                return booleanTerm(keyword, t -> isTrue(t.summary.hasThrottle()));
            case "partial":
                return booleanTerm(keyword, t -> isTrue(t.summary.isPartial()));
            case "responsetime":
                return numberTerm(keyword, t -> t.summary.responseTime());
            case "duration":
                return numberTerm(keyword, t -> t.summary.duration());
            case "user":
                return stringTerm(keyword, t -> t.summary.users() == null ? List.of()
                        : t.summary.users().stream().map(TraceUser::userName).toList());
            case "availabilityzone":
                return stringTerm(keyword, t -> t.summary.availabilityZones() == null ? List.of()
                        : t.summary.availabilityZones().stream().map(TraceSummary.AvailabilityZone::name).toList());
            case "instance":
                return stringTerm(dotted(keyword, "id"), t -> t.summary.instanceIds() == null ? List.of()
                        : t.summary.instanceIds().stream().map(TraceSummary.InstanceId::id).toList());
            case "resource":
                return stringTerm(dotted(keyword, "arn"), t -> t.summary.resourceArns() == null ? List.of()
                        : t.summary.resourceArns().stream().map(TraceSummary.ResourceArn::arn).toList());
            case "http":
                return httpTerm(keyword);
            case "annotation":
                return annotationTerm();
            case "service":
                return serviceTerm();
            case "edge":
                return edgeTerm();
            case "rootcause":
                return rootCauseTerm();
            case "group":
                throw error("group.name and group.arn are not supported: the local daemon has no X-Ray groups"
                        + " (write the group's own filter expression instead)", keyword);
            case "json":
                throw error("rootcause.json is not supported by the local daemon (use rootcause.fault.service,"
                        + " rootcause.fault.entity or rootcause.fault.exception with { ... })", keyword);
            case "id":
                throw error("id(...) names a service inside service(...) or edge(...), as in"
                        + " service(id(name: \"S3\", type: \"AWS::S3\"))", keyword);
            case "inferred":
                throw error("'inferred' is not supported at the top level by the local daemon; it applies inside"
                        + " rootcause.KIND.service { ... } (or use service(id(type: \"AWS::S3\")))", keyword);
            case "root":
                throw error("'root' applies inside service(...) { ... }", keyword);
            case "first", "last", "index", "remote", "coverage", "name", "type", "message":
                throw error("'" + keyword.text + "' applies inside rootcause.KIND.service|entity|exception { ... }",
                        keyword);
            default:
                throw error("unknown keyword '" + keyword.text + "' (supported: " + TOP_LEVEL_KEYWORDS + ")",
                        keyword);
        }
    }

    /** {@code KEYWORD.field} after the keyword, named as one keyword for messages. */
    private Token dotted(Token keyword, String field) throws FilterSyntaxException {
        String name = keyword.lower() + "." + field;
        expect(Kind.DOT, "'.' after '" + keyword.text + "' (" + name + ")");
        Token word = take();
        if (!word.isWord(field)) {
            throw error("unknown keyword '" + keyword.text + "." + word.text + "' (did you mean " + name + "?)", word);
        }
        return new Token(Kind.WORD, name, keyword.index);
    }

    private Predicate<Trace> httpTerm(Token keyword) throws FilterSyntaxException {
        expect(Kind.DOT, "'.' after 'http' (http.status, http.url, http.method, http.useragent, http.clientip)");
        Token field = take();
        if (field.kind != Kind.WORD) {
            throw error("expected an http field after 'http.' but found " + field.describe(), field);
        }
        Token named = new Token(Kind.WORD, "http." + field.text, keyword.index);
        switch (field.lower()) {
            case "status":
                return numberTerm(named, t -> t.summary.http() == null ? null : t.summary.http().httpStatus());
            case "url":
                return stringTerm(named, t -> t.summary.http() == null ? List.of() : single(t.summary.http().httpUrl()));
            case "method":
                return stringTerm(named, t -> t.summary.http() == null ? List.of()
                        : single(t.summary.http().httpMethod()));
            case "useragent":
                return stringTerm(named, t -> t.summary.http() == null ? List.of()
                        : single(t.summary.http().userAgent()));
            case "clientip":
                return stringTerm(named, t -> t.summary.http() == null ? List.of()
                        : single(t.summary.http().clientIp()));
            default:
                throw error("unknown field 'http." + field.text
                        + "' (supported: status, url, method, useragent, clientip)", field);
        }
    }

    private Predicate<Trace> annotationTerm() throws FilterSyntaxException {
        Token open = take();
        String key;
        if (open.kind == Kind.DOT) {
            Token name = take();
            if (name.kind != Kind.WORD) {
                throw error("expected an annotation key after 'annotation.' but found " + name.describe(), name);
            }
            key = name.text;
        } else if (open.kind == Kind.LBRACKET) {
            Token name = take();
            if (name.kind != Kind.WORD && name.kind != Kind.STRING) {
                throw error("expected an annotation key inside [ ] but found " + name.describe(), name);
            }
            key = name.text;
            expect(Kind.RBRACKET, "']' after the annotation key");
        } else {
            throw error("expected 'annotation.KEY' or 'annotation[KEY]' but found " + open.describe(), open);
        }
        Token op = peek();
        if (op.kind != Kind.OPERATOR) {
            // set, and true if it is a boolean
            return t -> anyAnnotation(t.summary, key, v -> v.booleanValue() == null || v.booleanValue());
        }
        next++;
        Token value = take();
        String operator = op.text;
        switch (value.kind) {
            case NUMBER: {
                if (!NUMBER_OPERATORS.contains(operator)) {
                    throw error(operator + " does not compare numbers", op);
                }
                double wanted = Double.parseDouble(value.text);
                if (operator.equals("!=")) {
                    return t -> hasAnnotation(t.summary, key) && !anyAnnotation(t.summary, key,
                            v -> v.numberValue() != null && v.numberValue() == wanted);
                }
                return t -> anyAnnotation(t.summary, key,
                        v -> v.numberValue() != null && compare(v.numberValue(), operator, wanted));
            }
            case STRING: {
                if (!STRING_OPERATORS.contains(operator)) {
                    throw error(operator + " does not compare strings", op);
                }
                String wanted = value.text;
                if (operator.equals("!=")) {
                    return t -> hasAnnotation(t.summary, key)
                            && !anyAnnotation(t.summary, key, v -> wanted.equals(v.stringValue()));
                }
                return t -> anyAnnotation(t.summary, key,
                        v -> v.stringValue() != null && matches(v.stringValue(), operator, wanted));
            }
            case WORD:
                if (value.isWord("true") || value.isWord("false")) {
                    if (!operator.equals("=") && !operator.equals("!=")) {
                        throw error(operator + " does not compare true or false", op);
                    }
                    boolean wanted = value.text.equalsIgnoreCase("true");
                    if (operator.equals("!=")) {
                        return t -> hasAnnotation(t.summary, key)
                                && !anyAnnotation(t.summary, key, v -> Boolean.valueOf(wanted).equals(v.booleanValue()));
                    }
                    return t -> anyAnnotation(t.summary, key, v -> Boolean.valueOf(wanted).equals(v.booleanValue()));
                }
                throw error("expected a number, \"string\", true or false but found " + value.describe()
                        + " (quote string values)", value);
            default:
                throw error("expected a number, \"string\", true or false but found " + value.describe(), value);
        }
    }

    // ------------------------------------------------------------------ service(...) and edge(...)

    private Predicate<Trace> serviceTerm() throws FilterSyntaxException {
        expect(Kind.LPAREN, "'(' after 'service'");
        ServiceMatch match;
        if (peek().kind == Kind.RPAREN) {
            next++;
            match = ServiceMatch.ANY;
        } else {
            match = serviceId("service(...) takes a \"quoted service name\" or id(name: \"...\", type: \"...\")");
            expect(Kind.RPAREN, "')' after the service");
        }
        if (peek().kind != Kind.LBRACE) {
            return t -> {
                List<ServiceId> ids = t.summary.serviceIds();
                if (ids != null) {
                    for (ServiceId id : ids) {
                        if (match.matches(id)) {
                            return true;
                        }
                    }
                }
                return false;
            };
        }
        Predicate<GraphFacts.Occurrence> body = body(this::serviceBodyTerm);
        readsGraphFacts = true;
        return t -> {
            for (GraphFacts.Occurrence occurrence : t.facts().services()) {
                if (match.matches(occurrence.service()) && body.test(occurrence)) {
                    return true;
                }
            }
            return false;
        };
    }

    private Predicate<Trace> edgeTerm() throws FilterSyntaxException {
        expect(Kind.LPAREN, "'(' after 'edge'");
        String usage = "edge(...) takes two services, the caller and the called: edge(\"a\", \"b\")";
        ServiceMatch from = serviceId(usage);
        Token comma = take();
        if (comma.kind != Kind.COMMA) {
            throw error("expected ',' and the called service (" + usage + ") but found " + comma.describe(), comma);
        }
        ServiceMatch to = serviceId(usage);
        expect(Kind.RPAREN, "')' after the two services of edge(...)");
        Predicate<GraphFacts.Call> body = peek().kind == Kind.LBRACE ? body(this::edgeBodyTerm) : c -> true;
        readsGraphFacts = true;
        return t -> {
            for (GraphFacts.Call call : t.facts().calls()) {
                if (from.matches(call.from()) && to.matches(call.to()) && body.test(call)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** A service: {@code "name"} or {@code id(name: "...", type: "...", account.id: "...")}. */
    private ServiceMatch serviceId(String usage) throws FilterSyntaxException {
        Token token = take();
        if (token.kind == Kind.STRING) {
            return new ServiceMatch(token.text, null, null);
        }
        if (!token.isWord("id")) {
            throw error(usage + ", not " + token.describe(), token);
        }
        Token open = take();
        if (open.kind != Kind.LPAREN) {
            throw error("expected '(' after 'id' but found " + open.describe(), open);
        }
        if (peek().kind == Kind.RPAREN) {
            throw error("id(...) needs at least one of name: \"...\", type: \"...\", account.id: \"...\"", peek());
        }
        String name = null;
        String type = null;
        String account = null;
        while (true) {
            Token field = take();
            String fieldName;
            if (field.isWord("name") || field.isWord("type")) {
                fieldName = field.lower();
            } else if (field.isWord("account") && peek().kind == Kind.DOT) {
                next++;
                Token id = take();
                if (!id.isWord("id")) {
                    throw error("expected 'account.id' but found 'account." + id.text + "'", id);
                }
                fieldName = "account.id";
            } else {
                throw error("expected name:, type: or account.id: inside id(...) but found " + field.describe(), field);
            }
            expect(Kind.COLON, "':' after '" + fieldName + "'");
            Token value = take();
            if (value.kind != Kind.STRING) {
                throw error("expected a \"quoted string\" after '" + fieldName + ":' but found " + value.describe(),
                        value);
            }
            boolean repeated = switch (fieldName) {
                case "name" -> name != null;
                case "type" -> type != null;
                default -> account != null;
            };
            if (repeated) {
                throw error("'" + fieldName + "' is given twice in id(...)", field);
            }
            switch (fieldName) {
                case "name" -> name = value.text;
                case "type" -> type = value.text;
                default -> account = value.text;
            }
            Token after = take();
            if (after.kind == Kind.RPAREN) {
                return new ServiceMatch(name, type, account);
            }
            if (after.kind != Kind.COMMA) {
                throw error("expected ',' or ')' in id(...) but found " + after.describe(), after);
            }
        }
    }

    /** Which services a service name or id(...) selects; null fields match anything. */
    private record ServiceMatch(String name, String type, String accountId) {
        static final ServiceMatch ANY = new ServiceMatch(null, null, null);

        boolean matches(ServiceId id) {
            return (name == null || name.equals(id.name()) || id.names() != null && id.names().contains(name))
                    && (type == null || type.equals(id.type()))
                    && (accountId == null || accountId.equals(id.accountId()));
        }

        /** Graph facts carry no account ids (local traces have none). */
        boolean matches(ServiceGraphBuilder.Key key) {
            return (name == null || name.equals(key.name())) && (type == null || type.equals(key.type()))
                    && accountId == null;
        }
    }

    private Predicate<GraphFacts.Occurrence> serviceBodyTerm(Token keyword) throws FilterSyntaxException {
        switch (keyword.lower()) {
            case "ok", "error", "fault", "throttle":
                Predicate<Outcome> outcome = outcome(keyword.lower());
                return booleanTerm(keyword, o -> o.outcome() != null && outcome.test(o.outcome()));
            case "root":
                return booleanTerm(keyword, GraphFacts.Occurrence::root);
            case "responsetime":
                return numberTerm(keyword, GraphFacts.Occurrence::responseTime);
            default:
                throw notInBody(keyword, "service(...) { ... }", "ok, error, fault, throttle, root, responsetime");
        }
    }

    private Predicate<GraphFacts.Call> edgeBodyTerm(Token keyword) throws FilterSyntaxException {
        switch (keyword.lower()) {
            case "ok", "error", "fault", "throttle":
                Predicate<Outcome> outcome = outcome(keyword.lower());
                return booleanTerm(keyword, c -> c.outcome() != null && outcome.test(c.outcome()));
            case "responsetime":
                return numberTerm(keyword, GraphFacts.Call::responseTime);
            default:
                throw notInBody(keyword, "edge(...) { ... }", "ok, error, fault, throttle, responsetime");
        }
    }

    /** As in the service graph's statistics, a throttle is also an error. */
    private static Predicate<Outcome> outcome(String keyword) {
        return switch (keyword) {
            case "ok" -> o -> o == Outcome.OK;
            case "error" -> o -> o == Outcome.ERROR || o == Outcome.THROTTLE;
            case "fault" -> o -> o == Outcome.FAULT;
            default -> o -> o == Outcome.THROTTLE;
        };
    }

    private FilterSyntaxException notInBody(Token keyword, String where, String supported) {
        if (keyword.isWord("annotation")) {
            return error("annotations cannot be used inside " + where + " (as in X-Ray); supported there: "
                    + supported, keyword);
        }
        return error("'" + keyword.text + "' does not apply inside " + where + " (supported there: " + supported
                + ")", keyword);
    }

    // ------------------------------------------------------------------ rootcause.KIND.LEVEL

    private enum Level { SERVICE, ENTITY, EXCEPTION }

    /**
     * One element of a root cause under test: a service on its path, an entity, or an exception (with the entity
     * and service it belongs to), its 0-based position in its enumerated list, and whether it is the last.
     */
    private record Item(RootCause.Service service, RootCause.Entity entity, RootCause.Exception exception, int index,
            boolean last) {
    }

    private Predicate<Trace> rootCauseTerm() throws FilterSyntaxException {
        expect(Kind.DOT, "'.' after 'rootcause' (rootcause.fault, rootcause.error, rootcause.responsetime)");
        Token kind = take();
        Function<TraceSummary, List<RootCause>> causes;
        switch (kind.kind == Kind.WORD ? kind.lower() : "") {
            case "fault" -> causes = TraceSummary::faultRootCauses;
            case "error" -> causes = TraceSummary::errorRootCauses;
            case "responsetime" -> causes = TraceSummary::responseTimeRootCauses;
            case "json" -> throw error("rootcause.json is not supported by the local daemon (use"
                    + " rootcause.fault.service, rootcause.fault.entity or rootcause.fault.exception with { ... })",
                    kind);
            default -> throw error("expected fault, error or responsetime after 'rootcause.' but found "
                    + kind.describe(), kind);
        }
        boolean responseTime = kind.isWord("responsetime");
        String prefix = "rootcause." + kind.lower();
        expect(Kind.DOT, "'.' after '" + prefix + "' (" + prefix + ".service, " + prefix + ".entity"
                + (responseTime ? "" : ", " + prefix + ".exception") + ")");
        Token levelToken = take();
        Level level;
        switch (levelToken.kind == Kind.WORD ? levelToken.lower() : "") {
            case "service" -> level = Level.SERVICE;
            case "entity" -> level = Level.ENTITY;
            case "exception" -> {
                if (responseTime) {
                    throw error("response-time root causes have no exceptions (use rootcause.responsetime.service"
                            + " or rootcause.responsetime.entity)", levelToken);
                }
                level = Level.EXCEPTION;
            }
            default -> throw error("expected service, entity" + (responseTime ? "" : " or exception") + " after '"
                    + prefix + ".' but found " + levelToken.describe(), levelToken);
        }
        String where = prefix + "." + levelToken.lower() + " { ... }";
        Predicate<Item> body = peek().kind == Kind.LBRACE
                ? body(keyword -> rootCauseBodyTerm(keyword, level, responseTime, where))
                : item -> true;
        return t -> anyItem(causes.apply(t.summary), level, body);
    }

    private Predicate<Item> rootCauseBodyTerm(Token keyword, Level level, boolean responseTime, String where)
            throws FilterSyntaxException {
        switch (keyword.lower()) {
            case "index":
                return numberTerm(keyword, Item::index);
            case "first":
                return booleanTerm(keyword, item -> item.index() == 0);
            case "last":
                return booleanTerm(keyword, Item::last);
            default:
                break;
        }
        switch (level) {
            case SERVICE:
                switch (keyword.lower()) {
                    case "name":
                        return stringTerm(keyword, item -> serviceNames(item.service()));
                    case "type":
                        return stringTerm(keyword, item -> single(item.service().type()));
                    case "inferred":
                        return booleanTerm(keyword, item -> isTrue(item.service().inferred()));
                    default:
                        throw notInBody(keyword, where, "name, type, inferred, index, first, last");
                }
            case ENTITY:
                switch (keyword.lower()) {
                    case "name":
                        return stringTerm(keyword, item -> single(item.entity().name()));
                    case "remote":
                        return booleanTerm(keyword, item -> isTrue(item.entity().remote()));
                    case "coverage":
                        if (!responseTime) {
                            throw error("'coverage' applies to rootcause.responsetime.entity only", keyword);
                        }
                        return numberTerm(keyword, item -> item.entity().coverage());
                    case "message":
                        throw error("'message' is an exception's: use " + where.substring(0, where.indexOf(".entity"))
                                + ".exception { message = \"...\" }", keyword);
                    default:
                        throw notInBody(keyword, where,
                                "name, remote, index, first, last" + (responseTime ? ", coverage" : ""));
                }
            default:
                switch (keyword.lower()) {
                    case "name":
                        return stringTerm(keyword, item -> single(item.exception().name()));
                    case "message":
                        return stringTerm(keyword, item -> single(item.exception().message()));
                    default:
                        throw notInBody(keyword, where, "name, message, index, first, last");
                }
        }
    }

    /** True if an element at {@code level} of any of the root causes satisfies {@code test}. */
    private static boolean anyItem(List<RootCause> causes, Level level, Predicate<Item> test) {
        if (causes == null) {
            return false;
        }
        for (RootCause cause : causes) {
            List<RootCause.Service> services = cause.services() == null ? List.of() : cause.services();
            int count = 0;
            for (RootCause.Service service : services) {
                count += switch (level) {
                    case SERVICE -> 1;
                    case ENTITY -> size(service.entityPath());
                    case EXCEPTION -> {
                        int exceptions = 0;
                        for (RootCause.Entity entity : list(service.entityPath())) {
                            exceptions += size(entity.exceptions());
                        }
                        yield exceptions;
                    }
                };
            }
            int index = 0;
            for (RootCause.Service service : services) {
                if (level == Level.SERVICE) {
                    if (test.test(new Item(service, null, null, index, index == count - 1))) {
                        return true;
                    }
                    index++;
                    continue;
                }
                for (RootCause.Entity entity : list(service.entityPath())) {
                    if (level == Level.ENTITY) {
                        if (test.test(new Item(service, entity, null, index, index == count - 1))) {
                            return true;
                        }
                        index++;
                        continue;
                    }
                    for (RootCause.Exception exception : list(entity.exceptions())) {
                        if (test.test(new Item(service, entity, exception, index, index == count - 1))) {
                            return true;
                        }
                        index++;
                    }
                }
            }
        }
        return false;
    }

    private static List<String> serviceNames(RootCause.Service service) {
        if (service.names() == null || service.names().isEmpty()) {
            return single(service.name());
        }
        if (service.name() == null || service.names().contains(service.name())) {
            return service.names();
        }
        List<String> names = new ArrayList<>(service.names());
        names.add(service.name());
        return names;
    }

    // ------------------------------------------------------------------ terms of each type

    private <T> Predicate<T> booleanTerm(Token keyword, Predicate<T> test) throws FilterSyntaxException {
        Token op = peek();
        if (op.kind != Kind.OPERATOR) {
            return test;
        }
        next++;
        if (!op.text.equals("=") && !op.text.equals("!=")) {
            throw error("'" + keyword.text + "' is true or false; compare it with = or !=, not " + op.text, op);
        }
        Token value = take();
        if (!value.isWord("true") && !value.isWord("false")) {
            throw error("'" + keyword.text + "' can only be compared with true or false, not " + value.describe(),
                    value);
        }
        boolean wanted = value.text.equalsIgnoreCase("true") == op.text.equals("=");
        return wanted ? test : test.negate();
    }

    private <T> Predicate<T> numberTerm(Token keyword, Function<T, ? extends Number> field)
            throws FilterSyntaxException {
        Token op = take();
        if (op.kind != Kind.OPERATOR) {
            throw error("'" + keyword.text + "' needs a number comparison (=, !=, <, <=, >, >=) but found "
                    + op.describe(), op);
        }
        if (!NUMBER_OPERATORS.contains(op.text)) {
            throw error("'" + keyword.text + "' is a number; " + op.text + " does not apply", op);
        }
        Token value = take();
        if (value.kind != Kind.NUMBER) {
            throw error("'" + keyword.text + "' is compared with a number, not " + value.describe(), value);
        }
        double wanted = Double.parseDouble(value.text);
        String operator = op.text;
        return t -> {
            Number actual = field.apply(t);
            return actual != null && compare(actual.doubleValue(), operator, wanted);
        };
    }

    /** A string comparison; the keyword alone means the value is set. */
    private <T> Predicate<T> stringTerm(Token keyword, Function<T, List<String>> values)
            throws FilterSyntaxException {
        Token op = peek();
        if (op.kind != Kind.OPERATOR) {
            return t -> !values.apply(t).isEmpty();
        }
        next++;
        if (!STRING_OPERATORS.contains(op.text)) {
            throw error("'" + keyword.text + "' is a string; " + op.text + " does not apply", op);
        }
        Token value = take();
        if (value.kind != Kind.STRING) {
            throw error("'" + keyword.text + "' is compared with a \"quoted string\", not " + value.describe(), value);
        }
        String wanted = value.text;
        String operator = op.text;
        if (operator.equals("!=")) {
            return t -> {
                List<String> actual = values.apply(t);
                return !actual.isEmpty() && !actual.contains(wanted);
            };
        }
        return t -> {
            for (String actual : values.apply(t)) {
                if (actual != null && matches(actual, operator, wanted)) {
                    return true;
                }
            }
            return false;
        };
    }

    // ------------------------------------------------------------------ evaluation helpers

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    private static List<String> single(String value) {
        return value == null ? List.of() : List.of(value);
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }

    private static int size(List<?> values) {
        return values == null ? 0 : values.size();
    }

    private static boolean hasAnnotation(TraceSummary summary, String key) {
        if (summary.annotations() == null) {
            return false;
        }
        List<ValueWithServiceIds> values = summary.annotations().get(key);
        return values != null && !values.isEmpty();
    }

    private static boolean anyAnnotation(TraceSummary summary, String key, Predicate<AnnotationValue> test) {
        if (summary.annotations() == null) {
            return false;
        }
        List<ValueWithServiceIds> values = summary.annotations().get(key);
        if (values != null) {
            for (ValueWithServiceIds value : values) {
                if (value.annotationValue() != null && test.test(value.annotationValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean compare(double actual, String operator, double wanted) {
        return switch (operator) {
            case "=" -> actual == wanted;
            case "!=" -> actual != wanted;
            case "<" -> actual < wanted;
            case "<=" -> actual <= wanted;
            case ">" -> actual > wanted;
            case ">=" -> actual >= wanted;
            default -> throw new IllegalStateException(operator);
        };
    }

    private static boolean matches(String actual, String operator, String wanted) {
        return switch (operator) {
            case "=" -> actual.equals(wanted);
            case "BEGINSWITH" -> actual.startsWith(wanted);
            case "ENDSWITH" -> actual.endsWith(wanted);
            case "CONTAINS" -> actual.contains(wanted);
            default -> throw new IllegalStateException(operator);
        };
    }

    // ------------------------------------------------------------------ tokens

    private enum Kind {
        WORD, STRING, NUMBER, OPERATOR, NOT, LPAREN, RPAREN, LBRACKET, RBRACKET, LBRACE, RBRACE, COMMA, COLON, DOT, END
    }

    private record Token(Kind kind, String text, int index) {
        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        String lower() {
            return text.toLowerCase(Locale.ROOT);
        }

        String describe() {
            return switch (kind) {
                case END -> "the end of the expression";
                case STRING -> "\"" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "\"";
                default -> "'" + text + "'";
            };
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind != Kind.END) {
            next++;
        }
        return token;
    }

    private void expect(Kind kind, String what) throws FilterSyntaxException {
        Token token = take();
        if (token.kind != kind) {
            throw error("expected " + what + " but found " + token.describe(), token);
        }
    }

    private FilterSyntaxException error(String problem, Token at) {
        return new FilterSyntaxException(problem, at.index, text);
    }

    private static List<Token> tokenize(String text) throws FilterSyntaxException {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder value = new StringBuilder();
                int start = i++;
                boolean closed = false;
                while (i < n) {
                    char d = text.charAt(i++);
                    if (d == '\\' && i < n) {
                        value.append(text.charAt(i++));
                    } else if (d == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(d);
                    }
                }
                if (!closed) {
                    throw new FilterSyntaxException("the string starting here is not closed with \"", start, text);
                }
                tokens.add(new Token(Kind.STRING, value.toString(), start));
            } else if (Character.isDigit(c) || (c == '-' || c == '.') && i + 1 < n && Character.isDigit(text.charAt(i + 1))
                    && !(c == '.' && !tokens.isEmpty() && tokens.get(tokens.size() - 1).kind == Kind.WORD)) {
                int start = i++;
                while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.'
                        || text.charAt(i) == 'e' || text.charAt(i) == 'E'
                        || (text.charAt(i) == '-' || text.charAt(i) == '+') && (text.charAt(i - 1) == 'e'
                        || text.charAt(i - 1) == 'E'))) {
                    i++;
                }
                String number = text.substring(start, i);
                try {
                    Double.parseDouble(number);
                } catch (NumberFormatException e) {
                    throw new FilterSyntaxException("'" + number + "' is not a number", start, text);
                }
                tokens.add(new Token(Kind.NUMBER, number, start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                String word = text.substring(start, i);
                String upper = word.toUpperCase(Locale.ROOT);
                if (upper.equals("BEGINSWITH") || upper.equals("ENDSWITH") || upper.equals("CONTAINS")) {
                    tokens.add(new Token(Kind.OPERATOR, upper, start));
                } else {
                    tokens.add(new Token(Kind.WORD, word, start));
                }
            } else {
                int start = i;
                String two = i + 1 < n ? text.substring(i, i + 2) : "";
                if (two.equals("!=") || two.equals("<=") || two.equals(">=")) {
                    tokens.add(new Token(Kind.OPERATOR, two, start));
                    i += 2;
                    continue;
                }
                Kind kind = switch (c) {
                    case '=', '<', '>' -> Kind.OPERATOR;
                    case '!' -> Kind.NOT;
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case '[' -> Kind.LBRACKET;
                    case ']' -> Kind.RBRACKET;
                    case '{' -> Kind.LBRACE;
                    case '}' -> Kind.RBRACE;
                    case ',' -> Kind.COMMA;
                    case ':' -> Kind.COLON;
                    case '.' -> Kind.DOT;
                    default -> null;
                };
                if (kind == null) {
                    throw new FilterSyntaxException("unexpected character '" + c + "'", start, text);
                }
                tokens.add(new Token(kind, String.valueOf(c), start));
                i++;
            }
        }
        tokens.add(new Token(Kind.END, "", n));
        return tokens;
    }
}
