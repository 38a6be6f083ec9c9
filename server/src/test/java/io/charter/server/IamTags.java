package io.charter.server;

import java.util.List;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.iam.model.Tag;

/** IAM tags of the AWS SDK for Java v2, for tests. */
public final class IamTags {
    private IamTags() {
    }

    public static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    /** Fifty tags, k0=v to k49=v: as many as an IAM resource may carry. */
    public static List<Tag> fifty() {
        return IntStream.range(0, 50).mapToObj(i -> tag("k" + i, "v")).toList();
    }
}
