package io.charter.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code aws:} condition keys AWS defines, under the names AWS documents them with. The engine
 * compares keys case-insensitively and keeps them lower-cased; this names them again for people
 * (write-time warnings, decision reports).
 */
public final class GlobalKeys {
    private static final List<String> NAMES = List.of("aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast",
            "aws:CurrentTime", "aws:EpochTime", "aws:FederatedProvider", "aws:MultiFactorAuthAge",
            "aws:MultiFactorAuthPresent", "aws:PrincipalAccount", "aws:PrincipalArn", "aws:PrincipalIsAWSService",
            "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalServiceName",
            "aws:PrincipalServiceNamesList", "aws:PrincipalType", "aws:Referer", "aws:RequestedRegion",
            "aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths", "aws:SecureTransport",
            "aws:SourceAccount", "aws:SourceArn", "aws:SourceIdentity", "aws:SourceIp", "aws:SourceOrgID",
            "aws:SourceOrgPaths", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceVpcArn", "aws:TagKeys",
            "aws:TokenIssueTime", "aws:UserAgent", "aws:userid", "aws:username", "aws:ViaAWSService",
            "aws:VpcSourceIp", "aws:Ec2InstanceSourcePrivateIPv4", "aws:Ec2InstanceSourceVpc",
            "aws:VpceAccount", "aws:VpceOrgID", "aws:VpceOrgPaths", "aws:IsMcpServiceAction",
            "aws:ChatbotSourceArn", "aws:AssumedRoot");
    private static final List<String> PREFIXES = List.of("aws:RequestTag/", "aws:ResourceTag/", "aws:PrincipalTag/");
    private static final Map<String, String> BY_LOWER = byLower();

    private GlobalKeys() {}

    private static Map<String, String> byLower() {
        Map<String, String> byLower = new HashMap<>();
        for (String name : NAMES) {
            byLower.put(name.toLowerCase(Locale.ROOT), name);
        }
        return Map.copyOf(byLower);
    }

    static boolean isKnown(String lowerKey) {
        if (BY_LOWER.containsKey(lowerKey)) {
            return true;
        }
        for (String p : PREFIXES) {
            if (lowerKey.startsWith(p.toLowerCase(Locale.ROOT)) && lowerKey.length() > p.length()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A global key as AWS names it ({@code aws:principalarn} is {@code aws:PrincipalArn};
     * {@code aws:resourcetag/team} is {@code aws:ResourceTag/team}, the tag key as given);
     * anything else unchanged.
     */
    public static String canonicalName(String lowerKey) {
        String known = BY_LOWER.get(lowerKey);
        if (known != null) {
            return known;
        }
        for (String p : PREFIXES) {
            if (lowerKey.regionMatches(true, 0, p, 0, p.length())) {
                return p + lowerKey.substring(p.length());
            }
        }
        return lowerKey;
    }
}
