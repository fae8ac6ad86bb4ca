package xraygallery.daemon.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import xraygallery.daemon.model.AnnotationValue;
import xraygallery.daemon.model.ServiceId;
import xraygallery.daemon.model.TraceSummary;
import xraygallery.daemon.model.TraceUser;
import xraygallery.daemon.model.ValueWithServiceIds;

/**
 * A recursive-descent parser for the subset of X-Ray filter expressions the local daemon evaluates, compiled to
 * a predicate over trace summaries:
 *
 * <pre>
 * expression := or
 * or         := and ( "OR" and )*
 * and        := unary ( "AND"? unary )*          (juxtaposition means AND, as in "ok !partial")
 * unary      := "!" unary | "(" expression ")" | term
 * term       := boolean-keyword [ ("=" | "!=") ("true" | "false") ]
 *             | number-keyword  ( "=" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" ) number
 *             | string-keyword  ( "=" | "!=" | "BEGINSWITH" | "ENDSWITH" | "CONTAINS" ) string
 *             | "annotation" ( "." key | "[" key "]" ) [ operator value ]
 *             | "service" "(" string ")"
 * </pre>
 *
 * Boolean keywords: {@code ok error fault throttle partial}; numbers: {@code responsetime duration http.status};
 * strings: {@code user http.url http.method http.useragent http.clientip}. {@code AND}/{@code OR} are
 * case-insensitive, keywords are lower case. As in X-Ray, {@code error} and {@code fault} are the root segment's,
 * {@code throttle} and {@code partial} any segment's; {@code ok} means neither error nor fault. A term about a
 * value a trace lacks (no response time yet, no such annotation) is false. {@code service("x") {...}},
 * {@code edge()}, {@code id()} and groups are not supported and are reported as errors.
 */
public final class FilterExpression {
    /** Longer expressions are refused before parsing. */
    public static final int MAX_LENGTH = 4_096;

    private final String text;
    private final List<Token> tokens;
    private int next;

    private FilterExpression(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    /** Parses {@code expression}; null or blank matches every trace. */
    public static Predicate<TraceSummary> parse(String expression) throws FilterSyntaxException {
        if (expression == null || expression.isBlank()) {
            return summary -> true;
        }
        if (expression.length() > MAX_LENGTH) {
            throw new FilterSyntaxException("the expression is " + expression.length() + " characters; the limit is "
                    + MAX_LENGTH, MAX_LENGTH, "");
        }
        FilterExpression parser = new FilterExpression(expression, tokenize(expression));
        Predicate<TraceSummary> predicate = parser.or();
        Token rest = parser.peek();
        if (rest.kind != Kind.END) {
            throw parser.error("unexpected " + rest.describe(), rest);
        }
        return predicate;
    }

    // ------------------------------------------------------------------ grammar

    private Predicate<TraceSummary> or() throws FilterSyntaxException {
        Predicate<TraceSummary> left = and();
        while (peek().isWord("OR")) {
            next++;
            left = left.or(and());
        }
        return left;
    }

    private Predicate<TraceSummary> and() throws FilterSyntaxException {
        Predicate<TraceSummary> left = unary();
        while (true) {
            Token token = peek();
            if (token.isWord("AND")) {
                next++;
                left = left.and(unary());
            } else if (startsTerm(token)) {
                left = left.and(unary());
            } else {
                return left;
            }
        }
    }

    private static boolean startsTerm(Token token) {
        return token.kind == Kind.NOT || token.kind == Kind.LPAREN
                || token.kind == Kind.WORD && !token.isWord("AND") && !token.isWord("OR");
    }

    private Predicate<TraceSummary> unary() throws FilterSyntaxException {
        Token token = take();
        switch (token.kind) {
            case NOT:
                return unary().negate();
            case LPAREN: {
                Predicate<TraceSummary> inner = or();
                expect(Kind.RPAREN, "')' to close the '(' at position " + (token.index + 1));
                return inner;
            }
            case WORD:
                return term(token);
            case END:
                throw error("the expression ends where a condition was expected", token);
            default:
                throw error("expected a keyword, '!' or '(' but found " + token.describe(), token);
        }
    }

    private Predicate<TraceSummary> term(Token keyword) throws FilterSyntaxException {
        String word = keyword.text;
        switch (word) {
            case "ok":
                return booleanTerm(keyword, s -> !isTrue(s.hasFault()) && !isTrue(s.hasError()));
            case "error":
                return booleanTerm(keyword, s -> isTrue(s.hasError()));
            case "fault":
                return booleanTerm(keyword, s -> isTrue(s.hasFault()));
            case "throttle":
                return booleanTerm(keyword, s -> isTrue(s.hasThrottle()));
            case "partial":
                return booleanTerm(keyword, s -> isTrue(s.isPartial()));
            case "responsetime":
                return numberTerm(keyword, TraceSummary::responseTime);
            case "duration":
                return numberTerm(keyword, TraceSummary::duration);
            case "user":
                return stringTerm(keyword, s -> s.users() == null ? List.of()
                        : s.users().stream().map(TraceUser::userName).toList());
            case "http":
                return httpTerm(keyword);
            case "annotation":
                return annotationTerm(keyword);
            case "service":
                return serviceTerm(keyword);
            default:
                if (word.equalsIgnoreCase("AND") || word.equalsIgnoreCase("OR")) {
                    throw error("'" + word + "' needs a condition before it", keyword);
                }
                throw error("unknown keyword '" + word + "' (supported: ok, error, fault, throttle, partial,"
                        + " responsetime, duration, http.status, http.url, http.method, http.useragent,"
                        + " http.clientip, user, annotation.KEY, service(\"NAME\"))", keyword);
        }
    }

    private Predicate<TraceSummary> booleanTerm(Token keyword, Predicate<TraceSummary> test)
            throws FilterSyntaxException {
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

    private Predicate<TraceSummary> numberTerm(Token keyword, java.util.function.Function<TraceSummary, ? extends Number> field)
            throws FilterSyntaxException {
        Token op = expectOperator(keyword, "a number comparison (=, !=, <, <=, >, >=)");
        if (!List.of("=", "!=", "<", "<=", ">", ">=").contains(op.text)) {
            throw error("'" + keyword.text + "' is a number; " + op.text + " does not apply", op);
        }
        Token value = take();
        if (value.kind != Kind.NUMBER) {
            throw error("'" + keyword.text + "' is compared with a number, not " + value.describe(), value);
        }
        double wanted = Double.parseDouble(value.text);
        String operator = op.text;
        return s -> {
            Number actual = field.apply(s);
            return actual != null && compare(actual.doubleValue(), operator, wanted);
        };
    }

    private Predicate<TraceSummary> stringTerm(Token keyword,
            java.util.function.Function<TraceSummary, List<String>> values) throws FilterSyntaxException {
        Token op = expectOperator(keyword, "a string comparison (=, !=, BEGINSWITH, ENDSWITH, CONTAINS)");
        if (!List.of("=", "!=", "BEGINSWITH", "ENDSWITH", "CONTAINS").contains(op.text)) {
            throw error("'" + keyword.text + "' is a string; " + op.text + " does not apply", op);
        }
        Token value = take();
        if (value.kind != Kind.STRING) {
            throw error("'" + keyword.text + "' is compared with a \"quoted string\", not " + value.describe(), value);
        }
        String wanted = value.text;
        String operator = op.text;
        if (operator.equals("!=")) {
            return s -> values.apply(s).stream().noneMatch(wanted::equals);
        }
        return s -> values.apply(s).stream().anyMatch(v -> v != null && matches(v, operator, wanted));
    }

    private Predicate<TraceSummary> httpTerm(Token keyword) throws FilterSyntaxException {
        expect(Kind.DOT, "'.' after 'http' (http.status, http.url, http.method, http.useragent, http.clientip)");
        Token field = take();
        if (field.kind != Kind.WORD) {
            throw error("expected an http field after 'http.' but found " + field.describe(), field);
        }
        Token named = new Token(Kind.WORD, "http." + field.text, keyword.index);
        switch (field.text) {
            case "status":
                return numberTerm(named, s -> s.http() == null ? null : s.http().httpStatus());
            case "url":
                return stringTerm(named, s -> s.http() == null ? List.of() : single(s.http().httpUrl()));
            case "method":
                return stringTerm(named, s -> s.http() == null ? List.of() : single(s.http().httpMethod()));
            case "useragent":
                return stringTerm(named, s -> s.http() == null ? List.of() : single(s.http().userAgent()));
            case "clientip":
                return stringTerm(named, s -> s.http() == null ? List.of() : single(s.http().clientIp()));
            default:
                throw error("unknown field 'http." + field.text
                        + "' (supported: status, url, method, useragent, clientip)", field);
        }
    }

    private Predicate<TraceSummary> annotationTerm(Token keyword) throws FilterSyntaxException {
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
            return s -> !values(s, key).isEmpty(); // the annotation exists
        }
        next++;
        Token value = take();
        String operator = op.text;
        switch (value.kind) {
            case NUMBER: {
                if (!List.of("=", "!=", "<", "<=", ">", ">=").contains(operator)) {
                    throw error(operator + " does not compare numbers", op);
                }
                double wanted = Double.parseDouble(value.text);
                if (operator.equals("!=")) {
                    return s -> values(s, key).stream().noneMatch(v -> v.numberValue() != null && v.numberValue() == wanted);
                }
                return s -> values(s, key).stream().anyMatch(
                        v -> v.numberValue() != null && compare(v.numberValue(), operator, wanted));
            }
            case STRING: {
                if (!List.of("=", "!=", "BEGINSWITH", "ENDSWITH", "CONTAINS").contains(operator)) {
                    throw error(operator + " does not compare strings", op);
                }
                String wanted = value.text;
                if (operator.equals("!=")) {
                    return s -> values(s, key).stream().noneMatch(v -> wanted.equals(v.stringValue()));
                }
                return s -> values(s, key).stream().anyMatch(
                        v -> v.stringValue() != null && matches(v.stringValue(), operator, wanted));
            }
            case WORD:
                if (value.isWord("true") || value.isWord("false")) {
                    if (!operator.equals("=") && !operator.equals("!=")) {
                        throw error(operator + " does not compare true or false", op);
                    }
                    boolean wanted = value.text.equalsIgnoreCase("true");
                    boolean equal = operator.equals("=");
                    return s -> values(s, key).stream().anyMatch(
                            v -> v.booleanValue() != null && (v.booleanValue() == wanted) == equal);
                }
                throw error("expected a number, \"string\", true or false but found " + value.describe()
                        + " (quote string values)", value);
            default:
                throw error("expected a number, \"string\", true or false but found " + value.describe(), value);
        }
    }

    private Predicate<TraceSummary> serviceTerm(Token keyword) throws FilterSyntaxException {
        expect(Kind.LPAREN, "'(' after 'service'");
        Token name = take();
        if (name.kind != Kind.STRING) {
            throw error("service(...) takes a \"quoted service name\", not " + name.describe(), name);
        }
        expect(Kind.RPAREN, "')' after the service name");
        if (peek().kind == Kind.LBRACE) {
            throw error("service(\"...\") { ... } sub-expressions are not supported by the local daemon", peek());
        }
        String wanted = name.text;
        return s -> s.serviceIds() != null && s.serviceIds().stream().map(ServiceId::name).anyMatch(wanted::equals);
    }

    // ------------------------------------------------------------------ evaluation helpers

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    private static List<String> single(String value) {
        return value == null ? List.of() : List.of(value);
    }

    private static List<AnnotationValue> values(TraceSummary summary, String key) {
        if (summary.annotations() == null) {
            return List.of();
        }
        List<ValueWithServiceIds> values = summary.annotations().get(key);
        return values == null ? List.of() : values.stream().map(ValueWithServiceIds::annotationValue).toList();
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

    private enum Kind { WORD, STRING, NUMBER, OPERATOR, NOT, LPAREN, RPAREN, LBRACKET, RBRACKET, LBRACE, RBRACE, COMMA, DOT, END }

    private record Token(Kind kind, String text, int index) {
        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
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

    private Token expectOperator(Token keyword, String what) throws FilterSyntaxException {
        Token op = take();
        if (op.kind != Kind.OPERATOR) {
            throw error("'" + keyword.text + "' needs " + what + " but found " + op.describe(), op);
        }
        return op;
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
