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
 * profiles, MFA devices), by the entity's id: the one implementation of tagging. Tagging and
 * untagging find the entity and read its stored tags inside their own transaction, so concurrent
 * writes to one entity's tags each see the others (none is lost, a removed tag does not come
 * back), and an entity deleted meanwhile is {@code NoSuchEntity}, not left with orphan tags. Keys
 * compare case-insensitively and keep the case last given. Thread-safe.
 */
public final class EntityTags {
    private final Directory directory;

    public EntityTags(Directory directory) {
        this.directory = directory;
    }

    /**
     * Adds {@code added} to the entity's tags: a key given again replaces its value, keeping its
     * place. More than {@link Quotas#TAGS_PER_ENTITY} tags is {@code LimitExceeded} with the kind's quota.
     */
    public void tag(TagTarget target, List<Tag> added) {
        directory.write((c, store) -> {
            requireExists(c, store, target);
            replace(c, store, target.entityId(), merge(stored(c, store, target.entityId()), added, target.kind().quota()));
            return null;
        });
    }

    /** Removes the tags with these keys (compared case-insensitively); absent keys are ignored. */
    public void untag(TagTarget target, List<String> keys) {
        directory.write((c, store) -> {
            requireExists(c, store, target);
            Set<String> drop = new HashSet<>();
            keys.forEach(k -> drop.add(lower(k)));
            replace(c, store, target.entityId(), stored(c, store, target.entityId()).stream()
                    .filter(t -> !drop.contains(lower(t.key()))).toList());
            return null;
        });
    }

    private static void requireExists(Connection c, Directory.Repositories store, TagTarget target) throws SQLException {
        boolean exists = switch (target.kind()) {
            case USER, ROLE -> store.identities().findPrincipal(c, target.entityId())
                    .filter(p -> p.kind() == target.identityKind()).isPresent();
            case POLICY -> store.permissions().findPolicy(c, target.entityId()).isPresent();
            case INSTANCE_PROFILE -> store.instanceProfiles().exists(c, target.entityId());
            case MFA_DEVICE -> store.mfaDevices().exists(c, target.entityId());
        };
        if (!exists) {
            throw switch (target.kind()) {
                case USER -> IamErrors.noSuchUser(target.name());
                case ROLE -> IamErrors.noSuchRole(target.name());
                case POLICY -> IamErrors.policyNotFound(target.name());
                case INSTANCE_PROFILE -> IamErrors.noSuchInstanceProfile(target.name());
                case MFA_DEVICE -> IamErrors.noSuchVirtualMfaDevice(target.name());
            };
        }
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
