package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The groups of every account and their members, indexed both ways, as part of an
 * {@link IdentitySnapshot}. Immutable.
 *
 * @param groups groups by unique id
 * @param byName groups by account and lower-cased name
 * @param members user unique ids of each group's members, in the order they were added
 * @param memberships group unique ids of each user's groups, in the order the user was added
 */
public record GroupIndex(
        Map<String, Group> groups,
        Map<String, Group> byName,
        Map<String, List<String>> members,
        Map<String, List<String>> memberships) {

    public static final GroupIndex EMPTY = of(List.of(), List.of());

    public GroupIndex {
        groups = Map.copyOf(requireNonNull(groups, "groups is null"));
        byName = Map.copyOf(requireNonNull(byName, "byName is null"));
        members = copyValues(requireNonNull(members, "members is null"));
        memberships = copyValues(requireNonNull(memberships, "memberships is null"));
    }

    /** A user's membership of a group. */
    public record Membership(String groupId, String userId) {
        public Membership {
            requireNonNull(groupId, "groupId is null");
            requireNonNull(userId, "userId is null");
        }
    }

    /**
     * Indexes groups and memberships; a membership whose group is unknown is left out.
     *
     * @param memberships in the order the users were added
     */
    public static GroupIndex of(Collection<Group> groups, List<Membership> memberships) {
        Map<String, Group> byId = new HashMap<>();
        Map<String, Group> byName = new HashMap<>();
        for (Group group : groups) {
            byId.put(group.groupId(), group);
            byName.put(nameKey(group.accountId(), group.name()), group);
        }
        Map<String, List<String>> members = new HashMap<>();
        Map<String, List<String>> ofUser = new HashMap<>();
        for (Membership m : memberships) {
            if (byId.containsKey(m.groupId())) {
                members.computeIfAbsent(m.groupId(), k -> new ArrayList<>()).add(m.userId());
                ofUser.computeIfAbsent(m.userId(), k -> new ArrayList<>()).add(m.groupId());
            }
        }
        return new GroupIndex(byId, byName, members, ofUser);
    }

    private static String nameKey(String accountId, String name) {
        return accountId + '/' + name.toLowerCase(Locale.ROOT);
    }

    private static Map<String, List<String>> copyValues(Map<String, List<String>> map) {
        Map<String, List<String>> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Map.copyOf(out);
    }

    public Optional<Group> byId(String groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }

    /** The group of this name in the account (names compare case-insensitively). */
    public Optional<Group> named(String accountId, String name) {
        return Optional.ofNullable(byName.get(nameKey(accountId, name)));
    }

    /** Every group of the account, in no particular order. */
    public List<Group> inAccount(String accountId) {
        return groups.values().stream().filter(g -> g.accountId().equals(accountId)).toList();
    }

    /** The unique ids of a group's members. */
    public List<String> membersOf(String groupId) {
        return members.getOrDefault(groupId, List.of());
    }

    /** The groups a user belongs to. */
    public List<Group> groupsOf(String userId) {
        return memberships.getOrDefault(userId, List.of()).stream().map(groups::get).toList();
    }
}
