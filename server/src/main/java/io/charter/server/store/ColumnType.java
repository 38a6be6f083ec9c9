package io.charter.server.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/**
 * The kinds of column the migrations declare ({@code TEXT}, {@code INTEGER}, {@code BIGINT}), and
 * how a value read from one store is bound for another. SQLite gives back whatever a row holds,
 * PostgreSQL takes only the column's own type; a value that is not of its column's kind stops the
 * copy rather than being converted, and a kind of column not listed here stops it too.
 */
enum ColumnType {
    /** Text ({@code TEXT}, {@code VARCHAR}, {@code CHAR}). */
    TEXT(Types.VARCHAR) {
        @Override
        void bind(PreparedStatement statement, int parameter, Object value, String column) throws SQLException {
            if (!(value instanceof String text)) {
                throw notOfItsType(column, value);
            }
            statement.setString(parameter, text);
        }
    },
    /** A 32-bit whole number ({@code INTEGER}, {@code SMALLINT}). */
    WHOLE_NUMBER(Types.INTEGER) {
        @Override
        void bind(PreparedStatement statement, int parameter, Object value, String column) throws SQLException {
            long number = wholeNumber(value, column);
            if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
                throw new StoreException("the column " + column + " holds a number too large for its type", null);
            }
            statement.setInt(parameter, (int) number);
        }
    },
    /** A 64-bit whole number ({@code BIGINT}). */
    BIG_WHOLE_NUMBER(Types.BIGINT) {
        @Override
        void bind(PreparedStatement statement, int parameter, Object value, String column) throws SQLException {
            statement.setLong(parameter, wholeNumber(value, column));
        }
    };

    private final int sqlType;

    ColumnType(int sqlType) {
        this.sqlType = sqlType;
    }

    /** The kind of a column of JDBC type {@code sqlType} ({@link Types}), if the copy knows it. */
    static Optional<ColumnType> of(int sqlType) {
        return switch (sqlType) {
            case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NVARCHAR, Types.NCHAR -> Optional.of(TEXT);
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> Optional.of(WHOLE_NUMBER);
            case Types.BIGINT -> Optional.of(BIG_WHOLE_NUMBER);
            default -> Optional.empty();
        };
    }

    /**
     * Binds {@code value} (as read with {@code getObject}, null for SQL NULL) to {@code parameter};
     * {@code column} names the column in a refusal, which never quotes the value (it may be a
     * password hash or a sealed secret).
     */
    final void copy(PreparedStatement statement, int parameter, Object value, String column) throws SQLException {
        if (value == null) {
            statement.setNull(parameter, sqlType);
        } else {
            bind(statement, parameter, value, column);
        }
    }

    abstract void bind(PreparedStatement statement, int parameter, Object value, String column) throws SQLException;

    private static long wholeNumber(Object value, String column) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw notOfItsType(column, value);
    }

    private static StoreException notOfItsType(String column, Object value) {
        return new StoreException("the column " + column + " holds a value that is not of its type ("
                + value.getClass().getSimpleName() + ")", null);
    }
}
