package io.charter.policy;

import java.util.Set;

/** The {@code aws:} condition keys AWS defines, lower-cased; used only for write-time warnings. */
final class GlobalKeys {
    private static final Set<String> EXACT = Set.of("aws:calledvia", "aws:calledviafirst", "aws:calledvialast",
            "aws:currenttime", "aws:epochtime", "aws:federatedprovider", "aws:multifactorauthage",
            "aws:multifactorauthpresent", "aws:principalaccount", "aws:principalarn", "aws:principalisawsservice",
            "aws:principalorgid", "aws:principalorgpaths", "aws:principalservicename",
            "aws:principalservicenameslist", "aws:principaltype", "aws:referer", "aws:requestedregion",
            "aws:resourceaccount", "aws:resourceorgid", "aws:resourceorgpaths", "aws:securetransport",
            "aws:sourceaccount", "aws:sourcearn", "aws:sourceidentity", "aws:sourceip", "aws:sourceorgid",
            "aws:sourceorgpaths", "aws:sourcevpc", "aws:sourcevpce", "aws:sourcevpcarn", "aws:tagkeys",
            "aws:tokenissuetime", "aws:useragent", "aws:userid", "aws:username", "aws:viaawsservice",
            "aws:vpcsourceip", "aws:ec2instancesourceprivateipv4", "aws:ec2instancesourcevpc",
            "aws:vpceaccount", "aws:vpceorgid", "aws:vpceorgpaths", "aws:isMcpServiceAction".toLowerCase(java.util.Locale.ROOT),
            "aws:chatbotsourcearn", "aws:assumedroot");
    private static final String[] PREFIXES = {"aws:requesttag/", "aws:resourcetag/", "aws:principaltag/"};

    private GlobalKeys() {}

    static boolean isKnown(String lowerKey) {
        if (EXACT.contains(lowerKey)) {
            return true;
        }
        for (String p : PREFIXES) {
            if (lowerKey.startsWith(p) && lowerKey.length() > p.length()) {
                return true;
            }
        }
        return false;
    }
}
