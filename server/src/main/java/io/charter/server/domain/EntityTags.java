package io.charter.server.domain;

import io.charter.server.error.IamErrors;
import io.charter.server.identity.Tag;
import io.charter.server.store.PermissionRows.TagRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tags of every taggable IAM entity (users, roles, customer managed policies, instance
 * profiles, MFA devices), by the entity's id. Tagging and untagging read the stored tags inside
 * their own transaction, so concurrent writes to one entity's tags each see the others: none is
 * lost, and a removed tag does not come back. Keys compare case-insensitively and keep the case
 * last given. Thread-safe.
 */
public final class EntityTags {
    private final Directory directory;

    public EntityTags(Directory directory) {
        this.directory = directory;
    }

    /**
     * Adds {@code added} to the entity's tags: a key given again replaces its value, keeping its place.
     *
     * @param quota the quota's name in the {@code LimitExceeded} error ({@code TagsPerUser}, ...)
     *     when the entity would have more than {@link Quotas#TAGS_PER_ENTITY} tags
     */
    public void tag(String entityId, List<Tag> added, String quota) {
        directory.write((c, store) -> {
            List<Tag> merged = merge(stored(c, store, entityId), added, quota);
            replace(c, store, entityId, merged);
            return null;
        });
    }

    /** Removes the tags with these keys (compared case-insensitively); absent keys are ignored. */
    public void untag(String entityId, List<String> keys) {
        directory.write((c, store) -> {
            Set<String> drop = new HashSet<>();
            keys.forEach(k -> drop.add(lower(k)));
            replace(c, store, entityId, stored(c, store, entityId).stream()
                    .filter(t -> !drop.contains(lower(t.key()))).toList());
            return null;
        });
    }

    /** Sets a new entity's tags on the caller's transaction (creation checked their count and keys). */
    static void replace(Connection c, Directory.Repositories store, String entityId, List<Tag> tags)
            throws SQLException {
        List<TagRow> rows = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            rows.add(new TagRow(entityId, tags.get(i).key(), tags.get(i).value(), i));
        }
        store.permissions().replaceTags(c, entityId, rows);
    }

    private static List<Tag> stored(Connection c, Directory.Repositories store, String entityId) throws SQLException {
        return store.permissions().tagsOf(c, entityId).stream().map(t -> new Tag(t.key(), t.value())).toList();
    }

    static List<Tag> merge(List<Tag> existing, List<Tag> added, String quota) {
        Map<String, Tag> byKey = new LinkedHashMap<>();
        for (Tag tag : existing) {
            byKey.put(lower(tag.key()), tag);
        }
        for (Tag tag : added) {
            byKey.put(lower(tag.key()), tag);
        }
        if (byKey.size() > Quotas.TAGS_PER_ENTITY) {
            throw IamErrors.limit(quota, Quotas.TAGS_PER_ENTITY);
        }
        return List.copyOf(byKey.values());
    }

    private static String lower(String key) {
        return key.toLowerCase(Locale.ROOT);
    }
}
