package io.charter.server.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charter.policy.Finding;
import io.charter.policy.ParseResult;
import io.charter.policy.Policy;
import io.charter.policy.PolicyType;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Validates a bucket policy as S3's PutBucketPolicy does, and compiles it into the resource policy
 * Charter's engine evaluates. Stateless and thread-safe.
 *
 * <p>Checks, in this order, each refusing with {@code MalformedPolicy} and S3's message:
 * <ol>
 * <li>the first byte opens a JSON object ({@value #FIRST_BYTE});
 * <li>at most 20,480 bytes, not counting white space outside strings ({@value #TOO_LARGE});
 * <li>JSON ({@value #INVALID_JSON}); a known {@code Version} ({@value #BAD_VERSION});
 *     {@code Statement} present ({@value #NO_STATEMENT}) and not empty ({@value #EMPTY_STATEMENT});
 * <li>per statement: only the elements of the grammar ({@code Unknown field X}, Charter's wording: S3's is
 *     not documented); {@code Effect} ({@code Invalid effect: X}); {@code Principal} or
 *     {@code NotPrincipal} ({@value #NO_PRINCIPAL}); {@code Action}/{@code NotAction} and
 *     {@code Resource}/{@code NotResource} present ({@value #MISSING_ELEMENT}); principals valid and,
 *     for IAM users and roles, existing ({@value #BAD_PRINCIPAL}); every action an S3 action
 *     ({@value #BAD_ACTION}); every resource in this bucket ({@value #BAD_RESOURCE}); each action
 *     applying to a resource of the statement ({@value #NO_RESOURCE_FOR_ACTION}); condition operators
 *     known ({@code Invalid Condition type : X}), keys known ({@value #BAD_CONDITION_KEY}) and
 *     applying to the statement's actions ({@value #CONDITION_MISMATCH});
 * <li>then the policy grammar Charter's engine compiles ({@link Policy#parse} as a resource policy);
 *     anything it refuses that the steps above let through (a condition value that is not of its
 *     operator's type, a repeated {@code Sid}) is refused with the nearest S3 message above, or with
 *     the grammar's own (IAM's) message where S3 has none.
 * </ol>
 *
 * <p>Sources: S3's messages as users and S3-compatible servers report them (versitygw's
 * {@code auth/bucket_policy.go}, tested against S3; terraform, CDK and noobaa issues quoting S3);
 * the size rule as measured in MIT-LCP/physionet-build#2094 (20,480 bytes after removing needless
 * white space). Where AWS is not documented, the choices:
 * <ul>
 * <li>A resource's bucket must be this bucket exactly: {@code arn:aws:s3:::*} and
 *     {@code arn:aws:s3:::other/*} are refused, as is {@code *} (noobaa#10058 quotes S3 refusing it);
 *     wildcards after the bucket name are free.
 * <li>An action pattern is valid when it names at least one S3 action ({@code s3:Get*}), and applies
 *     to a resource when any action it names does; {@code NotAction} and {@code NotResource} skip the
 *     fit check. Actions of other services are refused as invalid actions; {@code s3:CreateBucket}
 *     applies to no resource of a bucket policy.
 * <li>Condition keys: any {@code aws:} key, and the {@code s3:} keys the reference lists; the fit
 *     check covers the keys whose actions are certain ({@code s3:prefix}, {@code s3:delimiter},
 *     {@code s3:max-keys}: list actions; {@code s3:versionid}: version actions; {@code s3:x-amz-acl}
 *     and grants: ACL writes), every concretely named action must take the key, wildcards are exempt
 *     (versitygw's reading).
 * <li>Principals: {@code "*"}, {@code {"AWS": ...}} with {@code *}, an account id, an account root
 *     ARN, an IAM user or role ARN that exists, an STS assumed-role ARN; {@code Service} and
 *     {@code CanonicalUser} (64 hex digits). S3 names the offending principal in its message;
 *     Charter's message is the plain one.
 * </ul>
 */
public final class BucketPolicies {
    static final String FIRST_BYTE = "Policies must be valid JSON and the first byte must be '{'";
    static final String TOO_LARGE = "Policy exceeds the maximum allowed document size.";
    static final String INVALID_JSON = "This policy contains invalid Json";
    static final String BAD_VERSION = "The policy must contain a valid version string";
    static final String NO_STATEMENT = "Missing required field Statement";
    static final String EMPTY_STATEMENT = "Could not parse the policy: Statement is empty!";
    static final String NO_PRINCIPAL = "Missing required field Principal";
    static final String MISSING_ELEMENT = "Statement is missing required element";
    static final String BAD_PRINCIPAL = "Invalid principal in policy";
    static final String BAD_ACTION = "Policy has invalid action";
    static final String BAD_RESOURCE = "Policy has invalid resource";
    static final String NO_RESOURCE_FOR_ACTION = "Action does not apply to any resource(s) in statement";
    static final String BAD_CONDITION_KEY = "Policy has an invalid condition key";
    static final String CONDITION_MISMATCH = "Conditions do not apply to combination of actions and resources in statement";
    /** S3's size limit for a bucket policy, in bytes without white space outside strings. */
    static final int MAX_BYTES = 20_480;

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String ARN_PREFIX = "arn:aws:s3:::";
    private static final Set<String> STATEMENT_FIELDS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");
    private static final Set<String> OPERATORS = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals",
            "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
            "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
            "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike",
            "ArnNotEquals", "ArnNotLike", "Null");
    /** The {@code s3:} condition keys of the Service Authorization Reference, lower case. */
    private static final Set<String> S3_KEYS = Set.of("s3:accesspointnetworkorigin", "s3:dataaccesspointaccount",
            "s3:dataaccesspointarn", "s3:requestobjecttagkeys", "s3:locationconstraint", "s3:resourceaccount",
            "s3:tlsversion", "s3:authtype", "s3:delimiter", "s3:max-keys", "s3:prefix", "s3:signatureage",
            "s3:signatureversion", "s3:versionid", "s3:x-amz-acl", "s3:x-amz-content-sha256",
            "s3:x-amz-copy-source", "s3:x-amz-grant-full-control", "s3:x-amz-grant-read", "s3:x-amz-grant-read-acp",
            "s3:x-amz-grant-write", "s3:x-amz-grant-write-acp", "s3:x-amz-metadata-directive",
            "s3:x-amz-server-side-encryption", "s3:x-amz-server-side-encryption-aws-kms-key-id",
            "s3:x-amz-server-side-encryption-customer-algorithm", "s3:x-amz-storage-class",
            "s3:x-amz-website-redirect-location", "s3:x-amz-object-ownership", "s3:object-lock-legal-hold",
            "s3:object-lock-mode", "s3:object-lock-remaining-retention-days", "s3:object-lock-retain-until-date",
            "s3:inventoryaccessibleoptionalfields", "s3:if-match", "s3:if-none-match",
            "s3:existingjobpriority", "s3:existingjoboperation", "s3:jobsuspendedcause", "s3:requestjobpriority",
            "s3:requestjoboperation", "s3:accessgrantsinstancearn", "s3:destinationregion");
    private static final List<String> S3_KEY_PREFIXES = List.of("s3:existingobjecttag/", "s3:requestobjecttag/",
            "s3:buckettag/");
    private static final Set<String> LIST_ACTIONS = Set.of("s3:listbucket", "s3:listbucketversions");
    private static final Set<String> ACL_ACTIONS = Set.of("s3:putobject", "s3:putobjectacl", "s3:putobjectversionacl",
            "s3:putbucketacl", "s3:createbucket");
    /** Condition keys whose actions are certain, with those actions (lower case). */
    private static final Map<String, Predicate<String>> KEY_ACTIONS = Map.ofEntries(
            Map.entry("s3:prefix", LIST_ACTIONS::contains),
            Map.entry("s3:delimiter", LIST_ACTIONS::contains),
            Map.entry("s3:max-keys", LIST_ACTIONS::contains),
            Map.entry("s3:versionid", a -> a.contains("version") && !LIST_ACTIONS.contains(a)
                    && !a.equals("s3:putbucketversioning") && !a.equals("s3:getbucketversioning")),
            Map.entry("s3:x-amz-acl", ACL_ACTIONS::contains),
            Map.entry("s3:x-amz-grant-full-control", ACL_ACTIONS::contains),
            Map.entry("s3:x-amz-grant-read", ACL_ACTIONS::contains),
            Map.entry("s3:x-amz-grant-read-acp", ACL_ACTIONS::contains),
            Map.entry("s3:x-amz-grant-write", ACL_ACTIONS::contains),
            Map.entry("s3:x-amz-grant-write-acp", ACL_ACTIONS::contains));

    private BucketPolicies() {}

    /**
     * Validates a bucket policy for bucket {@code bucket}; the compiled resource policy when valid.
     *
     * @param principalExists whether an IAM user or role ARN exists; S3 refuses policies naming ones that do not
     * @throws ServiceException {@code MalformedPolicy} with S3's message
     */
    public static Policy validate(String text, String bucket, Predicate<String> principalExists) {
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw malformed(FIRST_BYTE);
        }
        if (sizeWithoutWhitespace(text) > MAX_BYTES) {
            throw malformed(TOO_LARGE);
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw malformed(INVALID_JSON);
        }
        if (doc == null || !doc.isObject()) {
            throw malformed(INVALID_JSON);
        }
        JsonNode version = doc.get("Version");
        if (version != null && !(version.isTextual()
                && (version.asText().equals("2012-10-17") || version.asText().equals("2008-10-17")))) {
            throw malformed(BAD_VERSION);
        }
        JsonNode statements = doc.get("Statement");
        if (statements == null) {
            throw malformed(NO_STATEMENT);
        }
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else {
            list.add(statements);
        }
        if (list.isEmpty()) {
            throw malformed(EMPTY_STATEMENT);
        }
        for (JsonNode st : list) {
            statement(st, bucket, principalExists);
        }
        ParseResult parsed = Policy.parse(text, PolicyType.RESOURCE, Integer.MAX_VALUE);
        return parsed.policy().orElseThrow(() -> malformed(s3Message(parsed.errors().get(0))));
    }

    /** S3's wording for what the policy grammar refuses and the S3 checks let through. */
    private static String s3Message(Finding f) {
        return switch (f.code()) {
            case "SYNTAX", "LEGACY", "UNKNOWN_OPERATOR" -> INVALID_JSON;
            case "MISSING_PRINCIPAL", "INVALID_PRINCIPAL" -> BAD_PRINCIPAL;
            case "MISSING_ACTION", "MISSING_RESOURCE" -> MISSING_ELEMENT;
            case "ACTION_FORMAT" -> BAD_ACTION;
            case "RESOURCE_FORMAT" -> BAD_RESOURCE;
            case "CONDITION_KEY_FORMAT" -> BAD_CONDITION_KEY;
            default -> f.message();
        };
    }

    private static void statement(JsonNode st, String bucket, Predicate<String> principalExists) {
        if (!st.isObject()) {
            throw malformed(INVALID_JSON);
        }
        for (Iterator<String> it = st.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!STATEMENT_FIELDS.contains(field)) {
                throw malformed("Unknown field " + field);
            }
        }
        JsonNode effect = st.get("Effect");
        if (effect == null) {
            throw malformed(MISSING_ELEMENT);
        }
        if (!effect.isTextual() || !(effect.asText().equals("Allow") || effect.asText().equals("Deny"))) {
            throw malformed("Invalid effect: " + (effect.isTextual() ? effect.asText() : effect.toString()));
        }
        JsonNode principal = st.has("Principal") ? st.get("Principal") : st.get("NotPrincipal");
        if (principal == null) {
            throw malformed(NO_PRINCIPAL);
        }
        boolean notAction = st.has("NotAction");
        JsonNode actions = notAction ? st.get("NotAction") : st.get("Action");
        boolean notResource = st.has("NotResource");
        JsonNode resources = notResource ? st.get("NotResource") : st.get("Resource");
        if (actions == null || resources == null) {
            throw malformed(MISSING_ELEMENT);
        }
        principals(principal, principalExists);
        List<String> actionList = strings(actions);
        List<String> resourceList = strings(resources);
        List<List<S3Actions.Applies>> applies = new ArrayList<>();
        for (String a : actionList) {
            applies.add(action(a));
        }
        boolean bucketResource = false;
        boolean objectResource = false;
        for (String r : resourceList) {
            if (!r.startsWith(ARN_PREFIX)) {
                throw malformed(BAD_RESOURCE);
            }
            String rest = r.substring(ARN_PREFIX.length());
            int slash = rest.indexOf('/');
            String resourceBucket = slash < 0 ? rest : rest.substring(0, slash);
            if (!resourceBucket.equals(bucket)) {
                throw malformed(BAD_RESOURCE);
            }
            bucketResource |= slash < 0;
            objectResource |= slash >= 0;
        }
        if (!notAction && !notResource) {
            for (List<S3Actions.Applies> a : applies) {
                boolean fits = (a.contains(S3Actions.Applies.BUCKET) && bucketResource)
                        || (a.contains(S3Actions.Applies.OBJECT) && objectResource);
                if (!fits) {
                    throw malformed(NO_RESOURCE_FOR_ACTION);
                }
            }
        }
        JsonNode condition = st.get("Condition");
        if (condition != null) {
            conditions(condition, notAction ? List.of() : actionList);
        }
    }

    /** What an Action entry's actions apply to; refuses one that names no S3 action. */
    private static List<S3Actions.Applies> action(String a) {
        if (a.equals("*")) {
            return List.of(S3Actions.Applies.BUCKET, S3Actions.Applies.OBJECT);
        }
        int colon = a.indexOf(':');
        if (colon < 0 || !a.substring(0, colon).equalsIgnoreCase("s3")) {
            throw malformed(BAD_ACTION);
        }
        List<S3Actions.Applies> applies = S3Actions.matching(a);
        if (applies.isEmpty()) {
            throw malformed(BAD_ACTION);
        }
        return applies;
    }

    private static void principals(JsonNode principal, Predicate<String> principalExists) {
        if (principal.isTextual()) {
            if (!principal.asText().equals("*")) {
                throw malformed(BAD_PRINCIPAL);
            }
            return;
        }
        if (!principal.isObject() || principal.isEmpty()) {
            throw malformed(BAD_PRINCIPAL);
        }
        for (Map.Entry<String, JsonNode> e : principal.properties()) {
            List<String> values = strings(e.getValue());
            if (values.isEmpty()) {
                throw malformed(BAD_PRINCIPAL);
            }
            for (String v : values) {
                boolean ok = switch (e.getKey()) {
                    case "AWS" -> awsPrincipal(v, principalExists);
                    case "Service" -> !v.isEmpty() && v.indexOf('*') < 0;
                    case "CanonicalUser" -> v.length() == 64 && v.chars().allMatch(c -> Character.digit(c, 16) >= 0);
                    default -> false;
                };
                if (!ok) {
                    throw malformed(BAD_PRINCIPAL);
                }
            }
        }
    }

    private static boolean awsPrincipal(String v, Predicate<String> principalExists) {
        if (v.equals("*") || isAccountId(v)) {
            return true;
        }
        String[] p = v.split(":", 6);
        if (p.length != 6 || !p[0].equals("arn") || !p[1].equals("aws") || !p[3].isEmpty() || !isAccountId(p[4])) {
            return false;
        }
        if (p[2].equals("iam")) {
            if (p[5].equals("root")) {
                return true;
            }
            if (p[5].startsWith("user/") || p[5].startsWith("role/")) {
                return principalExists.test(v);
            }
            return false;
        }
        if (p[2].equals("sts")) {
            String[] r = p[5].split("/", -1);
            return r.length == 3 && r[0].equals("assumed-role") && !r[1].isEmpty() && !r[2].isEmpty();
        }
        return false;
    }

    private static boolean isAccountId(String s) {
        return s.length() == 12 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static void conditions(JsonNode condition, List<String> actions) {
        if (!condition.isObject()) {
            throw malformed(INVALID_JSON);
        }
        for (Map.Entry<String, JsonNode> op : condition.properties()) {
            if (!OPERATORS.contains(operatorBase(op.getKey()))) {
                throw malformed("Invalid Condition type : " + op.getKey());
            }
            if (!op.getValue().isObject()) {
                throw malformed(INVALID_JSON);
            }
            for (Iterator<String> keys = op.getValue().fieldNames(); keys.hasNext();) {
                String key = keys.next().toLowerCase(Locale.ROOT);
                if (!isKnownKey(key)) {
                    throw malformed(BAD_CONDITION_KEY);
                }
                Predicate<String> takes = KEY_ACTIONS.get(key);
                if (takes == null) {
                    continue;
                }
                for (String a : actions) {
                    String lower = a.toLowerCase(Locale.ROOT);
                    if (lower.indexOf('*') < 0 && lower.indexOf('?') < 0 && !takes.test(lower)) {
                        throw malformed(CONDITION_MISMATCH);
                    }
                }
            }
        }
    }

    private static String operatorBase(String op) {
        String base = op;
        if (base.startsWith("ForAllValues:")) {
            base = base.substring("ForAllValues:".length());
        } else if (base.startsWith("ForAnyValue:")) {
            base = base.substring("ForAnyValue:".length());
        }
        if (base.endsWith("IfExists") && !base.equals("Null")) {
            base = base.substring(0, base.length() - "IfExists".length());
        }
        return base;
    }

    private static boolean isKnownKey(String lower) {
        if (lower.startsWith("aws:")) {
            return lower.length() > "aws:".length();
        }
        if (S3_KEYS.contains(lower)) {
            return true;
        }
        for (String p : S3_KEY_PREFIXES) {
            if (lower.startsWith(p) && lower.length() > p.length()) {
                return true;
            }
        }
        return false;
    }

    /** A string or an array of strings; anything else is not a policy S3 reads. */
    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
            return out;
        }
        if (!node.isArray()) {
            throw malformed(INVALID_JSON);
        }
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw malformed(INVALID_JSON);
            }
            out.add(n.asText());
        }
        return out;
    }

    /** UTF-8 bytes outside JSON white space between tokens. */
    static int sizeWithoutWhitespace(String s) {
        int n = 0;
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\' && i + 1 < s.length()) {
                    n += 2;
                    i++;
                    continue;
                }
                if (c == '"') {
                    inString = false;
                }
                n += utf8Length(s, i);
                if (Character.isHighSurrogate(c)) {
                    i++;
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

    private static int utf8Length(String s, int i) {
        int cp = s.codePointAt(i);
        return new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
    }

    private static ServiceException malformed(String message) {
        return new ServiceException(AwsErrorCode.MALFORMED_POLICY, message);
    }
}
