package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A table of a store, with its columns in their order, as the database itself describes it (JDBC
 * metadata): what the migrations made, so that a table a new migration adds is known without a
 * list to keep up to date. Immutable.
 *
 * @param name the table's name
 * @param columns its columns, in their order
 */
record StoreTable(String name, List<Column> columns) {

    /** A column and the kind of its values. */
    record Column(String name, ColumnType type) {
        Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    StoreTable {
        requireNonNull(name, "name is null");
        columns = List.copyOf(columns);
    }

    /**
     * The tables of the connection's current schema, but those {@code excluded}, each after every
     * table its foreign keys name: the order in which an empty store is filled without a foreign
     * key ever naming a row not there yet. Tables that do not depend on each other come in the
     * order of their names. Refuses tables that name each other in a cycle, or a column of a type
     * {@link ColumnType} does not know.
     */
    static List<StoreTable> inDependencyOrder(Connection connection, Set<String> excluded) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String schema = connection.getSchema();
        Map<String, Set<String>> references = new TreeMap<>();
        try (ResultSet tables = metaData.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String table = tables.getString("TABLE_NAME");
                if (inSchema(schema, tables.getString("TABLE_SCHEM")) && !excluded.contains(table)) {
                    references.put(table, new HashSet<>());
                }
            }
        }
        for (Map.Entry<String, Set<String>> table : references.entrySet()) {
            try (ResultSet keys = metaData.getImportedKeys(null, schema, table.getKey())) {
                while (keys.next()) {
                    String referenced = keys.getString("PKTABLE_NAME");
                    if (inSchema(schema, keys.getString("PKTABLE_SCHEM")) && !referenced.equals(table.getKey())
                            && references.containsKey(referenced)) {
                        table.getValue().add(referenced);
                    }
                }
            }
        }
        List<StoreTable> ordered = new ArrayList<>();
        for (String name : dependencyOrder(references)) {
            ordered.add(new StoreTable(name, columns(metaData, schema, name)));
        }
        return List.copyOf(ordered);
    }

    /** Kahn's algorithm over the names, the smallest ready name first. */
    private static List<String> dependencyOrder(Map<String, Set<String>> references) {
        Map<String, Set<String>> waiting = new HashMap<>();
        references.forEach((table, named) -> waiting.put(table, new HashSet<>(named)));
        TreeSet<String> ready = new TreeSet<>();
        waiting.forEach((table, named) -> {
            if (named.isEmpty()) {
                ready.add(table);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String next = ready.pollFirst();
            waiting.remove(next);
            order.add(next);
            waiting.forEach((table, named) -> {
                if (named.remove(next) && named.isEmpty()) {
                    ready.add(table);
                }
            });
        }
        if (!waiting.isEmpty()) {
            throw new StoreException("the tables " + new TreeSet<>(waiting.keySet())
                    + " name each other in a cycle of foreign keys: there is no order to fill them in", null);
        }
        return order;
    }

    private static List<Column> columns(DatabaseMetaData metaData, String schema, String table) throws SQLException {
        Map<Integer, Column> byPosition = new TreeMap<>();
        try (ResultSet columns = metaData.getColumns(null, schema, table, "%")) {
            while (columns.next()) {
                if (!inSchema(schema, columns.getString("TABLE_SCHEM")) || !table.equals(columns.getString("TABLE_NAME"))) {
                    continue; // the names are patterns: '_' matches any character
                }
                String name = columns.getString("COLUMN_NAME");
                ColumnType type = ColumnType.of(columns.getInt("DATA_TYPE")).orElseThrow(() -> new StoreException(
                        "the column " + table + "." + name + " is of a type the copy does not know ("
                                + typeName(columns) + ")", null));
                byPosition.put(columns.getInt("ORDINAL_POSITION"), new Column(name, type));
            }
        }
        return List.copyOf(byPosition.values());
    }

    private static String typeName(ResultSet columns) {
        try {
            return columns.getString("TYPE_NAME");
        } catch (SQLException e) {
            return "unknown";
        }
    }

    /** Whether a row of the metadata belongs to the schema asked for ({@code LIKE} patterns match more). */
    private static boolean inSchema(String schema, String rowSchema) {
        return schema == null || Objects.equals(schema, rowSchema);
    }

    /** The table's name quoted for SQL, for both stores. */
    String quotedName() {
        return quote(name);
    }

    /** The columns' names quoted and separated by commas. */
    String quotedColumns() {
        List<String> quoted = new ArrayList<>();
        for (Column column : columns) {
            quoted.add(quote(column.name()));
        }
        return String.join(", ", quoted);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
