package io.charter.server.config;

import static java.util.Objects.requireNonNull;

import io.charter.policy.Principal;
import io.charter.server.store.StoreLocation;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a setting's text becomes its value: {@link #parse} gives the value, or nothing when the text
 * is not one; {@link #expected} says what was expected, for the sentence that then stops the start.
 * (Records rather than lambdas: without the JVM's start-up cache, each lambda costs the start a
 * generated class.)
 *
 * @param <T> the type of the value
 */
sealed interface SettingParser<T> {
    Optional<T> parse(String text);

    /** What a valid value is, completing "expected …", e.g. {@code a directory path}. */
    String expected();

    /** A host name or an IP address, as the listener and the client take it. */
    record Host() implements SettingParser<String> {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]%]+");

        @Override
        public Optional<String> parse(String text) {
            return NAME.matcher(text).matches() ? Optional.of(text) : Optional.empty();
        }

        @Override
        public String expected() {
            return "a host name or IP address";
        }
    }

    /** A decimal whole number from {@code min} to {@code max}. */
    record WholeNumber(int min, int max) implements SettingParser<Integer> {
        @Override
        public Optional<Integer> parse(String text) {
            try {
                int number = Integer.parseInt(text);
                return number >= min && number <= max ? Optional.of(number) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        @Override
        public String expected() {
            return "a whole number from " + min + " to " + max;
        }
    }

    /** A whole number of {@code unit}s, within the bounds of {@code count}. */
    record Span(WholeNumber count, ChronoUnit unit) implements SettingParser<Duration> {
        public Span {
            requireNonNull(count, "count is null");
            requireNonNull(unit, "unit is null");
        }

        @Override
        public Optional<Duration> parse(String text) {
            Optional<Integer> number = count.parse(text);
            return number.isPresent() ? Optional.of(Duration.of(number.get(), unit)) : Optional.empty();
        }

        @Override
        public String expected() {
            return count.expected();
        }
    }

    /** A path that is not empty. */
    record Directory() implements SettingParser<Path> {
        @Override
        public Optional<Path> parse(String text) {
            try {
                return text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text));
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        }

        @Override
        public String expected() {
            return "a directory path";
        }
    }

    /** Twelve digits. */
    record AccountId() implements SettingParser<String> {
        @Override
        public Optional<String> parse(String text) {
            return Principal.isAccountId(text) ? Optional.of(text) : Optional.empty();
        }

        @Override
        public String expected() {
            return "exactly 12 digits";
        }
    }

    /** Any text, the empty text included. */
    record Text() implements SettingParser<String> {
        @Override
        public Optional<String> parse(String text) {
            return Optional.of(text);
        }

        @Override
        public String expected() {
            return "any text";
        }
    }

    /** Empty (the embedded store) or a PostgreSQL URL without credentials. */
    record StoreUrl() implements SettingParser<String> {
        @Override
        public Optional<String> parse(String text) {
            return text.isEmpty() || StoreLocation.problemWith(text).isEmpty() ? Optional.of(text) : Optional.empty();
        }

        @Override
        public String expected() {
            return "empty (the SQLite file in the data directory) or postgresql://HOST:PORT/DATABASE, without a"
                    + " user or password (CHARTER_STORE_USER, CHARTER_STORE_PASSWORD or --store-password-file give them)";
        }
    }
}
