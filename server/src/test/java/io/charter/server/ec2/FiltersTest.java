package io.charter.server.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.StructValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** EC2's filters and pages, apart from any server. */
class FiltersTest {
    @Test
    void wildcardsMatchAsEc2s() {
        assertTrue(Filters.matches("web", "web"));
        assertFalse(Filters.matches("web", "web1"));
        assertTrue(Filters.matches("web*", "web-1"));
        assertTrue(Filters.matches("*", ""));
        assertTrue(Filters.matches("w?b", "wab"));
        assertFalse(Filters.matches("w?b", "wb"));
        assertTrue(Filters.matches("*-db-*", "eu-db-primary"));
        assertTrue(Filters.matches("a*b*c", "aXXbYYbc"));
        assertFalse(Filters.matches("a*b*c", "aXXbYYbd"));
        assertTrue(Filters.matches("literal\\*", "literal*"));
        assertFalse(Filters.matches("literal\\*", "literally"));
        assertTrue(Filters.matches("what\\?", "what?"));
        assertFalse(Filters.matches("what\\?", "whats"));
    }

    private static StructValue filters(Map<String, List<String>> byName) {
        return StructValue.builder().putList("Filters", byName.entrySet().stream()
                .map(e -> StructValue.builder().put("Name", e.getKey()).putStrings("Values", e.getValue()).build())
                .toList()).build();
    }

    @Test
    void everyFilterMustMatchAndAnyOfItsValues() {
        Filters filters = Filters.from(filters(Map.of("instance-id", List.of("i-1", "i-2"), "tag:Name", List.of("web*"))),
                Set.of("instance-id"), true);
        assertTrue(filters.matches(Map.of("instance-id", List.of("i-2"), "tag:Name", List.of("web-1"))));
        assertFalse(filters.matches(Map.of("instance-id", List.of("i-3"), "tag:Name", List.of("web-1"))));
        assertFalse(filters.matches(Map.of("instance-id", List.of("i-1"))), "no Name tag");
        assertTrue(Filters.from(StructValue.EMPTY, Set.of(), false).matches(Map.of()));
    }

    @Test
    void anUnknownFilterIsAnInvalidParameterValue() {
        ServiceException e = assertThrows(ServiceException.class,
                () -> Filters.from(filters(Map.of("color", List.of("red"))), Set.of("instance-id"), true));
        assertEquals(AwsErrorCode.INVALID_PARAMETER_VALUE, e.errorCode());
        assertEquals("The filter 'color' is invalid", e.getMessage());
        assertThrows(ServiceException.class, () -> Filters.from(filters(Map.of("tag:Name", List.of("x"))),
                Set.of("state"), false), "no tags on associations");
    }

    @Test
    void pagesResumeAfterTheLastItemGiven() {
        List<String> items = List.of("a", "b", "c", "d", "e", "f", "g");
        Ec2Pages<String> first = Ec2Pages.of(items, s -> s, StructValue.EMPTY, OptionalInt.of(5));
        assertEquals(List.of("a", "b", "c", "d", "e"), first.items());
        StructValue next = StructValue.builder().put("NextToken", first.nextToken().orElseThrow()).build();
        Ec2Pages<String> second = Ec2Pages.of(List.of("a", "b", "c", "f", "g"), s -> s, next, OptionalInt.of(5));
        assertEquals(List.of("f", "g"), second.items(), "an item deleted meanwhile moves nothing");
        assertEquals(Optional.empty(), second.nextToken());
        assertEquals(items, Ec2Pages.of(items, s -> s, StructValue.EMPTY, OptionalInt.empty()).items());
        ServiceException bad = assertThrows(ServiceException.class, () -> Ec2Pages.of(items, s -> s,
                StructValue.builder().put("NextToken", "eA").build(), OptionalInt.empty()));
        assertEquals(AwsErrorCode.INVALID_PAGINATION_TOKEN, bad.errorCode());
    }
}
