package io.charter.server.identity;

import java.util.random.RandomGenerator;

/**
 * Unique ids of IAM entities as AWS shapes them: a 4-character prefix naming the kind of entity
 * and 17 upper-case base32 characters (21 in all).
 */
public enum UniqueId {
    USER("AIDA"),
    ROLE("AROA"),
    GROUP("AGPA"),
    POLICY("ANPA"),
    INSTANCE_PROFILE("AIPA");

    private final String prefix;

    UniqueId(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String mint(RandomGenerator random) {
        StringBuilder id = new StringBuilder(21).append(prefix);
        for (int i = 0; i < 17; i++) {
            id.append(AccessKeyId.BASE32.charAt(random.nextInt(32)));
        }
        return id.toString();
    }
}
