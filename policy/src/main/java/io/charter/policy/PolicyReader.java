package io.charter.policy;

import com.fasterxml.jackson.core.JsonToken;
import io.charter.policy.JsonTree.Arr;
import io.charter.policy.JsonTree.Member;
import io.charter.policy.JsonTree.Node;
import io.charter.policy.JsonTree.Obj;
import io.charter.policy.JsonTree.Scalar;
import io.charter.policy.JsonTree.Str;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The validation and compilation stages: walks the syntax tree of one document, collects
 * findings (errors with AWS's {@code MalformedPolicyDocument} wording, and warnings), and builds
 * the compiled statements. Never throws on any input. One instance per document; not thread-safe.
 */
final class PolicyReader {
    /** Documents longer than this are refused before parsing (hostile input). */
    static final int HARD_MAX_CHARS = 1 << 20;

    static final String VERSION_2012 = "2012-10-17";
    static final String VERSION_2008 = "2008-10-17";

    // AWS's messages (see the reference, section 6.10).
    static final String SYNTAX = "Syntax errors in policy.";
    static final String LEGACY = "The policy failed legacy parsing";
    static final String VERSION = "Policy document must be version 2012-10-17 or greater.";
    static final String NO_ACTIONS = "Policy statement must contain actions.";
    static final String NO_RESOURCES = "Policy statement must contain resources.";
    static final String SID_UNIQUE = "Statement IDs (SID) in a single policy must be unique.";
    static final String SID_ALNUM = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the"
            + " regular expression [0-9A-Za-z]*";
    static final String NO_PRINCIPAL_ALLOWED = "Policy document should not specify a principal.";
    private static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");

    /** The order in which AWS reports problems: the first error of the lowest rank is AWS's message. */
    private static final List<String> RANK = List.of("SIZE_LIMIT", "SYNTAX", "UNKNOWN_OPERATOR", "VERSION", "LEGACY",
            "PROHIBITED_FIELD", "SID_DUPLICATE", "SID_FORMAT", "MISSING_ACTION", "MISSING_RESOURCE", "RESOURCE_FORMAT",
            "ACTION_FORMAT", "CONDITION_KEY_FORMAT", "TRUST_ACTION", "MISSING_PRINCIPAL", "INVALID_PRINCIPAL");

    private final String text;
    private final PolicyType type;
    private final List<Finding> errors = new ArrayList<>();
    private final List<Finding> warnings = new ArrayList<>();
    private boolean variables;

    private PolicyReader(String text, PolicyType type) {
        this.text = text;
        this.type = type;
    }

    static ParseResult read(String text, PolicyType type, int maxSize) {
        if (type == null) {
            throw new NullPointerException("type is null");
        }
        PolicyReader r = new PolicyReader(text, type);
        try {
            return r.run(maxSize);
        } catch (RuntimeException | StackOverflowError e) {
            // Defence in depth: a bug here must refuse the document, never escape to the caller.
            r.errors.add(new Finding(Finding.Severity.ERROR, "SYNTAX", SYNTAX, "the policy could not be read",
                    "", SourceSpan.DOCUMENT));
            return new ParseResult(Optional.empty(), r.errors, r.warnings);
        }
    }

    private ParseResult run(int maxSize) {
        if (text == null) {
            error("SYNTAX", SYNTAX, "the policy document is missing", "", SourceSpan.DOCUMENT);
            return result(null);
        }
        if (text.length() > HARD_MAX_CHARS) {
            error("SIZE_LIMIT", sizeMessage(maxSize), "the policy document is " + text.length() + " characters long", "",
                    SourceSpan.DOCUMENT);
            return result(null);
        }
        Node root;
        try {
            root = JsonTree.parse(text);
        } catch (JsonTree.SyntaxError e) {
            error("SYNTAX", SYNTAX, e.getMessage(), "", e.span);
            return result(null);
        }
        int size = sizeWithoutWhitespace(text);
        if (size > maxSize) {
            error("SIZE_LIMIT", sizeMessage(maxSize),
                    "the policy has " + size + " characters without white space; the limit is " + maxSize, "",
                    root.span());
        }
        if (!(root instanceof Obj doc)) {
            error("SYNTAX", SYNTAX, "the policy must be a JSON object", "", root.span());
            return result(null);
        }
        for (Member m : doc.members()) {
            if (!m.key().equals("Version") && !m.key().equals("Id") && !m.key().equals("Statement")) {
                error("SYNTAX", SYNTAX, "unknown element '" + m.key() + "'", "/" + m.key(), m.keySpan());
            }
        }
        Optional<String> version = version(doc);
        Optional<String> id = Optional.empty();
        Member idm = doc.get("Id");
        if (idm != null) {
            if (idm.value() instanceof Str s) {
                id = Optional.of(s.value());
            } else {
                error("SYNTAX", SYNTAX, "Id must be a string", "/Id", idm.value().span());
            }
        }
        List<Statement> statements = statements(doc);
        if (!errors.isEmpty()) {
            return result(null);
        }
        return result(new Policy(text, type, "", version, id, statements));
    }

    private ParseResult result(Policy policy) {
        List<Finding> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(f -> {
            int i = RANK.indexOf(f.code());
            return i < 0 ? RANK.size() : i;
        }));
        return new ParseResult(Optional.ofNullable(policy), sorted, warnings);
    }

    private String sizeMessage(int max) {
        return switch (type) {
            case IDENTITY, BOUNDARY -> "Cannot exceed quota for PolicySize: " + max;
            case TRUST -> "Cannot exceed quota for ACLSizePerRole: " + max;
            default -> "Policy document exceeds the maximum size of " + max + " characters.";
        };
    }

    /** Characters outside JSON white space between tokens ("IAM does not count white space"). */
    static int sizeWithoutWhitespace(String s) {
        int n = 0;
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                n++;
                if (c == '\\') {
                    i++;
                    n++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                n++;
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                n++;
            }
        }
        return n;
    }

    private Optional<String> version(Obj doc) {
        Member vm = doc.get("Version");
        boolean strict = type == PolicyType.IDENTITY || type == PolicyType.BOUNDARY;
        if (vm == null) {
            if (strict) {
                error("VERSION", VERSION, "the policy has no Version; write \"Version\": \"2012-10-17\"", "",
                        doc.span());
            } else {
                warn("MISSING_VERSION", "the policy has no Version, so policy variables are read as literal text;"
                        + " write \"Version\": \"2012-10-17\"", "", doc.span());
            }
            return Optional.empty();
        }
        if (!(vm.value() instanceof Str s) || !(s.value().equals(VERSION_2012) || s.value().equals(VERSION_2008))) {
            error("SYNTAX", SYNTAX, "Version must be \"2012-10-17\" or \"2008-10-17\"", "/Version", vm.value().span());
            return Optional.empty();
        }
        if (s.value().equals(VERSION_2008)) {
            if (strict) {
                error("VERSION", VERSION, "Version \"2008-10-17\" is not accepted here; use \"2012-10-17\"", "/Version",
                        s.span());
            } else {
                warn("OLD_VERSION", "Version \"2008-10-17\" reads policy variables as literal text", "/Version",
                        s.span());
            }
        }
        variables = s.value().equals(VERSION_2012);
        return Optional.of(s.value());
    }

    private List<Statement> statements(Obj doc) {
        Member sm = doc.get("Statement");
        List<Statement> out = new ArrayList<>();
        if (sm == null) {
            error("SYNTAX", SYNTAX, "the policy has no Statement", "", doc.span());
            return out;
        }
        Set<String> sids = new HashSet<>();
        if (sm.value() instanceof Obj one) {
            statement(one, 0, "/Statement", sids, out);
        } else if (sm.value() instanceof Arr arr) {
            if (arr.items().isEmpty()) {
                error("SYNTAX", SYNTAX, "Statement is an empty array", "/Statement", arr.span());
            }
            for (int i = 0; i < arr.items().size(); i++) {
                Node n = arr.items().get(i);
                if (n instanceof Obj o) {
                    statement(o, i, "/Statement/" + i, sids, out);
                } else {
                    error("SYNTAX", SYNTAX, "each statement must be a JSON object", "/Statement/" + i, n.span());
                }
            }
        } else {
            error("SYNTAX", SYNTAX, "Statement must be an object or an array of objects", "/Statement",
                    sm.value().span());
        }
        return out;
    }

    private void statement(Obj st, int index, String path, Set<String> sids, List<Statement> out) {
        int errorsBefore = errors.size();
        for (Member m : st.members()) {
            if (!STATEMENT_KEYS.contains(m.key())) {
                error("SYNTAX", SYNTAX, "unknown statement element '" + m.key() + "'", path + "/" + m.key(),
                        m.keySpan());
            }
        }
        exclusive(st, "Action", "NotAction", path);
        exclusive(st, "Resource", "NotResource", path);
        exclusive(st, "Principal", "NotPrincipal", path);

        Optional<String> sid = sid(st, path, sids);
        Effect effect = effect(st, path);

        // Actions
        Member am = st.get("Action") != null ? st.get("Action") : st.get("NotAction");
        boolean notAction = am != null && am.key().equals("NotAction");
        List<ActionPattern> actions = new ArrayList<>();
        List<String> actionTexts = strings(am, path);
        if (am == null || (actionTexts != null && actionTexts.isEmpty())) {
            error("MISSING_ACTION", NO_ACTIONS, "the statement has no Action or NotAction", path, st.span());
        } else if (actionTexts != null) {
            for (int i = 0; i < actionTexts.size(); i++) {
                String a = actionTexts.get(i);
                String ap = elementPath(path, am, i);
                if (checkAction(a, ap, itemSpan(am, i))) {
                    actions.add(ActionPattern.compile(a));
                }
            }
        }

        // Resources
        Member rm = st.get("Resource") != null ? st.get("Resource") : st.get("NotResource");
        boolean notResource = rm != null && rm.key().equals("NotResource");
        List<ArnPattern> resources = new ArrayList<>();
        if (type == PolicyType.TRUST) {
            if (rm != null) {
                error("PROHIBITED_FIELD", "Has prohibited field " + rm.key() + ".",
                        "a role trust policy cannot have " + rm.key(), path + "/" + rm.key(), rm.keySpan());
            }
        } else {
            List<String> resourceTexts = strings(rm, path);
            if (rm == null || (resourceTexts != null && resourceTexts.isEmpty())) {
                error("MISSING_RESOURCE", NO_RESOURCES, "the statement has no Resource or NotResource", path,
                        st.span());
            } else if (resourceTexts != null) {
                for (int i = 0; i < resourceTexts.size(); i++) {
                    String r = resourceTexts.get(i);
                    if (checkResource(r, elementPath(path, rm, i), itemSpan(rm, i))) {
                        resources.add(ArnPattern.compile(r, variables));
                    }
                    if (!variables && r.contains("${")) {
                        warn("LITERAL_VARIABLE", "'" + r + "' is matched literally: policy variables need"
                                + " \"Version\": \"2012-10-17\"", elementPath(path, rm, i), itemSpan(rm, i));
                    }
                }
            }
        }

        // Principals
        Member pm = st.get("Principal") != null ? st.get("Principal") : st.get("NotPrincipal");
        boolean notPrincipal = pm != null && pm.key().equals("NotPrincipal");
        List<PrincipalPattern> principals = principals(pm, st, path);

        // Conditions
        List<Condition> conditions = new ArrayList<>();
        Member cm = st.get("Condition");
        if (cm != null) {
            conditions(cm, path + "/Condition", actions, notAction, conditions);
        }

        warnings(st, path, effect, notAction, resources, principals, conditions);

        if (errors.size() == errorsBefore && effect != null) {
            out.add(new Statement(index, sid, effect, st.span(), principals, notPrincipal, pm != null, actions,
                    notAction, resources, notResource, rm != null && type != PolicyType.TRUST, conditions));
        }
    }

    private void exclusive(Obj st, String a, String b, String path) {
        if (st.get(a) != null && st.get(b) != null) {
            error("SYNTAX", SYNTAX, "a statement cannot have both " + a + " and " + b, path, st.get(b).keySpan());
        }
    }

    private Optional<String> sid(Obj st, String path, Set<String> sids) {
        Member m = st.get("Sid");
        if (m == null) {
            return Optional.empty();
        }
        if (!(m.value() instanceof Str s)) {
            error("SYNTAX", SYNTAX, "Sid must be a string", path + "/Sid", m.value().span());
            return Optional.empty();
        }
        String sid = s.value();
        if (!sid.isEmpty() && !sids.add(sid)) {
            error("SID_DUPLICATE", SID_UNIQUE, "the Sid '" + sid + "' is used by another statement", path + "/Sid",
                    s.span());
        }
        boolean iamStored = type == PolicyType.IDENTITY || type == PolicyType.BOUNDARY || type == PolicyType.TRUST;
        if (iamStored && !ElementRules.isAlphanumeric(sid)) {
            error("SID_FORMAT", SID_ALNUM, "the Sid '" + sid + "' may only hold letters and digits", path + "/Sid",
                    s.span());
        }
        return sid.isEmpty() ? Optional.empty() : Optional.of(sid);
    }

    private Effect effect(Obj st, String path) {
        Member m = st.get("Effect");
        if (m == null) {
            error("SYNTAX", SYNTAX, "the statement has no Effect", path, st.span());
            return null;
        }
        if (!(m.value() instanceof Str s)) {
            error("SYNTAX", SYNTAX, "Effect must be \"Allow\" or \"Deny\"", path + "/Effect", m.value().span());
            return null;
        }
        switch (s.value()) {
            case "Allow" -> {
                return Effect.ALLOW;
            }
            case "Deny" -> {
                return Effect.DENY;
            }
            default -> {
                String lower = s.value().toLowerCase(Locale.ROOT);
                boolean wrongCase = lower.equals("allow") || lower.equals("deny");
                error(wrongCase ? "LEGACY" : "SYNTAX", wrongCase ? LEGACY : SYNTAX,
                        "Effect must be \"Allow\" or \"Deny\" (exact case), not '" + s.value() + "'", path + "/Effect",
                        s.span());
                return null;
            }
        }
    }

    /** A string or array of strings; null (after a finding) when it is neither. */
    private List<String> strings(Member m, String path) {
        if (m == null) {
            return null;
        }
        if (m.value() instanceof Str s) {
            return List.of(s.value());
        }
        if (m.value() instanceof Arr a) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < a.items().size(); i++) {
                if (a.items().get(i) instanceof Str s) {
                    out.add(s.value());
                } else {
                    error("SYNTAX", SYNTAX, m.key() + " must hold strings", path + "/" + m.key() + "/" + i,
                            a.items().get(i).span());
                    return null;
                }
            }
            return out;
        }
        error("SYNTAX", SYNTAX, m.key() + " must be a string or an array of strings", path + "/" + m.key(),
                m.value().span());
        return null;
    }

    private static String elementPath(String path, Member m, int i) {
        return m.value() instanceof Arr ? path + "/" + m.key() + "/" + i : path + "/" + m.key();
    }

    private static SourceSpan itemSpan(Member m, int i) {
        return m.value() instanceof Arr a ? a.items().get(i).span() : m.value().span();
    }

    private boolean checkAction(String a, String path, SourceSpan span) {
        ElementRules.Problem p = ElementRules.action(a, type);
        if (p != null) {
            record(p, path, span);
        }
        if (a.equals("*") && type == PolicyType.TRUST) {
            warn("TRUST_ACTION_WILDCARD", "\"*\" in a trust policy allows every sts:AssumeRole* action", path, span);
        }
        return p == null;
    }

    private boolean checkResource(String r, String path, SourceSpan span) {
        ElementRules.Problem p = ElementRules.resource(r);
        if (p != null) {
            record(p, path, span);
        }
        return p == null;
    }

    private void record(ElementRules.Problem p, String path, SourceSpan span) {
        error(p.code(), p.message(), p.detail(), path, span);
    }

    private List<PrincipalPattern> principals(Member pm, Obj st, String path) {
        List<PrincipalPattern> out = new ArrayList<>();
        if (!type.hasPrincipal()) {
            if (pm != null) {
                error("PROHIBITED_FIELD", NO_PRINCIPAL_ALLOWED,
                        "a " + type.label() + " policy cannot have " + pm.key(), path + "/" + pm.key(), pm.keySpan());
            }
            return out;
        }
        if (pm == null) {
            error("MISSING_PRINCIPAL", "Missing required field Principal", "the statement has no Principal", path,
                    st.span());
            return out;
        }
        String ppath = path + "/" + pm.key();
        if (pm.key().equals("NotPrincipal") && (type == PolicyType.TRUST || type == PolicyType.RCP)) {
            error("PROHIBITED_FIELD", "Has prohibited field NotPrincipal.",
                    "NotPrincipal is not allowed in " + (type == PolicyType.TRUST ? "a role trust policy" : "an RCP"),
                    ppath, pm.keySpan());
            return out;
        }
        Node v = pm.value();
        if (v instanceof Str s) {
            if (s.value().equals("*")) {
                out.add(new PrincipalPattern(PrincipalPattern.Form.ANY, "*"));
            } else {
                error("INVALID_PRINCIPAL", "Invalid principal in policy: \"" + s.value() + "\"",
                        "a Principal string must be \"*\"; name principals as {\"AWS\": ...}", ppath, s.span());
            }
            return out;
        }
        if (!(v instanceof Obj o)) {
            error("SYNTAX", SYNTAX, pm.key() + " must be \"*\" or an object", ppath, v.span());
            return out;
        }
        if (o.members().isEmpty()) {
            error("INVALID_PRINCIPAL", "Invalid principal in policy", pm.key() + " names no principal", ppath,
                    o.span());
        }
        for (Member m : o.members()) {
            List<String> values = strings(m, ppath);
            if (values == null) {
                continue;
            }
            if (values.isEmpty()) {
                error("INVALID_PRINCIPAL", "Invalid principal in policy", "'" + m.key() + "' names no principal",
                        ppath + "/" + m.key(), m.value().span());
            }
            for (int i = 0; i < values.size(); i++) {
                PrincipalPattern p = ElementRules.principal(m.key(), values.get(i));
                if (p == null) {
                    error("INVALID_PRINCIPAL", "Invalid principal in policy: \"" + m.key() + "\":\"" + values.get(i)
                            + "\"", "'" + values.get(i) + "' is not a valid " + m.key() + " principal",
                            elementPath(ppath, m, i), itemSpan(m, i));
                } else {
                    out.add(p);
                }
            }
        }
        if (type == PolicyType.RCP && !(out.size() == 1 && out.get(0).form() == PrincipalPattern.Form.ANY)) {
            error("INVALID_PRINCIPAL", "Invalid principal in policy", "a resource control policy must use"
                    + " \"Principal\": \"*\"", ppath, v.span());
        }
        return out;
    }

    private void conditions(Member cm, String path, List<ActionPattern> actions, boolean notAction,
            List<Condition> out) {
        if (!(cm.value() instanceof Obj block)) {
            error("SYNTAX", SYNTAX, "Condition must be an object", path, cm.value().span());
            return;
        }
        for (Member om : block.members()) {
            String opPath = path + "/" + om.key();
            String name = om.key();
            Condition.Qualifier q = Condition.Qualifier.NONE;
            if (name.startsWith("ForAllValues:")) {
                q = Condition.Qualifier.FOR_ALL_VALUES;
                name = name.substring("ForAllValues:".length());
            } else if (name.startsWith("ForAnyValue:")) {
                q = Condition.Qualifier.FOR_ANY_VALUE;
                name = name.substring("ForAnyValue:".length());
            }
            boolean ifExists = name.endsWith("IfExists");
            if (ifExists) {
                name = name.substring(0, name.length() - "IfExists".length());
            }
            Operator op = Operator.byName(name);
            if (op == null) {
                error("UNKNOWN_OPERATOR", SYNTAX, "unknown condition operator '" + om.key() + "'", opPath,
                        om.keySpan());
                continue;
            }
            if (op == Operator.Null && (ifExists || q != Condition.Qualifier.NONE)) {
                error("UNKNOWN_OPERATOR", SYNTAX, "'" + om.key() + "' is not allowed: Null takes no IfExists or"
                        + " ForAllValues/ForAnyValue", opPath, om.keySpan());
                continue;
            }
            if (!(om.value() instanceof Obj keys)) {
                error("SYNTAX", SYNTAX, "the operator '" + om.key() + "' must map condition keys to values", opPath,
                        om.value().span());
                continue;
            }
            for (Member km : keys.members()) {
                String kpath = opPath + "/" + km.key();
                List<String> values = conditionValues(km, kpath);
                if (values == null) {
                    continue;
                }
                if (!checkConditionKey(km.key(), kpath, km.keySpan())) {
                    continue;
                }
                if (!checkConditionValues(op, om.key(), km.key(), values, kpath, km.value().span())) {
                    continue;
                }
                if (values.isEmpty()) {
                    warn("EMPTY_CONDITION_VALUES", "'" + om.key() + "' on '" + km.key() + "' lists no values", kpath,
                            km.value().span());
                }
                keyWarnings(km.key(), actions, notAction, kpath, km.keySpan());
                out.add(Condition.compile(om.key(), km.key(), op, q, ifExists, values, variables));
            }
        }
    }

    /** Condition values: a string, number or boolean, or an array of them (all as their text). */
    private List<String> conditionValues(Member km, String path) {
        Node v = km.value();
        List<Node> items = v instanceof Arr a ? a.items() : List.of(v);
        List<String> out = new ArrayList<>();
        for (Node n : items) {
            if (n instanceof Str s) {
                out.add(s.value());
            } else if (n instanceof Scalar sc && sc.token() != JsonToken.VALUE_NULL) {
                out.add(sc.text());
            } else {
                error("SYNTAX", SYNTAX, "the value of condition key '" + km.key() + "' must be a string or an array"
                        + " of strings", path, n.span());
                return null;
            }
        }
        return out;
    }

    private boolean checkConditionKey(String key, String path, SourceSpan span) {
        int colon = key.indexOf(':');
        if (colon <= 0) {
            error("CONDITION_KEY_FORMAT", ElementRules.VENDOR, "the condition key '" + key + "' has no service prefix", path, span);
            return false;
        }
        return true;
    }

    private boolean checkConditionValues(Operator op, String opText, String key, List<String> values, String path,
            SourceSpan span) {
        for (String v : values) {
            String bad = switch (op.family) {
                case NUMERIC -> Literals.number(v) == null ? "a number" : null;
                case DATE -> Literals.date(v) == Literals.NOT_A_DATE ? "a date" : null;
                case IP -> Literals.cidr(v) == null ? "an IP address or CIDR block" : null;
                case BINARY -> Literals.base64(v) == null ? "base64" : null;
                case NULL -> Literals.bool(v) == null ? "\"true\" or \"false\"" : null;
                default -> null;
            };
            if (bad != null) {
                error("LEGACY", LEGACY, "'" + v + "' in '" + opText + "' on '" + key + "' is not " + bad, path, span);
                return false;
            }
            if (op.family == Operator.Family.BOOL && Literals.bool(v) == null) {
                warn("BOOL_VALUE", "'" + v + "' in '" + opText + "' on '" + key + "' is neither \"true\" nor"
                        + " \"false\" and never matches", path, span);
            }
            if (!variables && op.takesVariables() && v.contains("${")) {
                warn("LITERAL_VARIABLE", "'" + v + "' is compared literally: policy variables need"
                        + " \"Version\": \"2012-10-17\"", path, span);
            }
        }
        return true;
    }

    private void keyWarnings(String key, List<ActionPattern> actions, boolean notAction, String path,
            SourceSpan span) {
        String lower = key.toLowerCase(Locale.ROOT);
        String prefix = lower.substring(0, lower.indexOf(':'));
        if (prefix.equals("aws")) {
            if (!GlobalKeys.isKnown(lower)) {
                warn("UNKNOWN_GLOBAL_KEY", "'" + key + "' is not an AWS global condition key, so it is never present",
                        path, span);
            }
            return;
        }
        if (notAction || actions.isEmpty()) {
            return;
        }
        for (ActionPattern a : actions) {
            if (a.service() == null || a.service().equals(prefix)) {
                return;
            }
        }
        warn("KEY_NEVER_PRESENT", "the condition key '" + key + "' never exists for the actions of this statement,"
                + " which are not " + prefix + " actions", path, span);
    }

    private void warnings(Obj st, String path, Effect effect, boolean notAction, List<ArnPattern> resources,
            List<PrincipalPattern> principals, List<Condition> conditions) {
        if (effect == Effect.ALLOW && notAction && resources.stream().anyMatch(r -> r.text().equals("*"))) {
            warn("ALLOW_NOT_ACTION", "Allow with NotAction on \"*\" allows every action not listed, in every"
                    + " service, including services added later", path, st.span());
        }
        if (type == PolicyType.TRUST && effect == Effect.ALLOW && conditions.isEmpty()
                && principals.stream().anyMatch(p -> p.form() == PrincipalPattern.Form.ANY)) {
            warn("OPEN_TRUST", "the trust policy lets anyone (\"*\") assume the role without a condition", path,
                    st.span());
        }
        if (effect == Effect.ALLOW && st.get("NotPrincipal") != null) {
            warn("ALLOW_NOT_PRINCIPAL", "Allow with NotPrincipal grants access to everyone not listed, anonymous"
                    + " callers included; Charter treats the grant as account-level", path, st.span());
        }
        if (effect == Effect.ALLOW) {
            for (Condition c : conditions) {
                if (c.qualifier == Condition.Qualifier.FOR_ALL_VALUES && !c.ifExists && conditions.stream()
                        .noneMatch(o -> o.op == Operator.Null && o.key.equalsIgnoreCase(c.key))) {
                    warn("FOR_ALL_VALUES_ALLOW", "'" + c.operatorText + "' on '" + c.key + "' also holds when the"
                            + " key is absent; add a Null condition on the key", path + "/Condition/"
                            + c.operatorText, st.span());
                }
            }
        }
    }

    private void error(String code, String message, String detail, String path, SourceSpan span) {
        errors.add(new Finding(Finding.Severity.ERROR, code, oneLine(message), oneLine(detail), oneLine(path), span));
    }

    private void warn(String code, String detail, String path, SourceSpan span) {
        String d = oneLine(detail);
        warnings.add(new Finding(Finding.Severity.WARNING, code, d, d, oneLine(path), span));
    }

    /** Findings are one line: control characters in quoted input are escaped, long input cut. */
    static String oneLine(String s) {
        StringBuilder b = null;
        int max = 1_000;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029;
            if (control || i >= max) {
                if (b == null) {
                    b = new StringBuilder(s.substring(0, i));
                }
                if (i >= max) {
                    b.append("...");
                    break;
                }
                b.append(String.format("\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
