package io.browserstate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prints one result: a table (or key: value lines) for people, JSON for scripts. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final boolean json;
    private final PrintStream out = System.out;

    Output(boolean json) {
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /** One object: JSON, or {@code key: value} lines. */
    void object(Map<String, ?> fields) {
        if (json) {
            print(fields);
            return;
        }
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        fields.forEach((k, v) -> out.println(String.format("%-" + width + "s  %s", k, v)));
    }

    /** Rows: a JSON object holding {@code rows} (and the extras, e.g. a cursor), or an aligned table. */
    void table(List<String> columns, List<Map<String, ?>> rows, Map<String, ?> extras) {
        if (json) {
            Map<String, Object> all = new java.util.LinkedHashMap<>(extras);
            all.put("rows", rows);
            print(all);
            return;
        }
        int[] width = new int[columns.size()];
        List<List<String>> cells = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            width[i] = columns.get(i).length();
        }
        for (Map<String, ?> row : rows) {
            List<String> line = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                Object v = row.get(columns.get(i));
                String text = v == null ? "-" : v.toString();
                width[i] = Math.max(width[i], text.length());
                line.add(text);
            }
            cells.add(line);
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            header.append(String.format("%-" + width[i] + "s  ", columns.get(i).toUpperCase(java.util.Locale.ROOT)));
        }
        out.println(header.toString().stripTrailing());
        for (List<String> line : cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                b.append(String.format("%-" + width[i] + "s  ", line.get(i)));
            }
            out.println(b.toString().stripTrailing());
        }
        extras.forEach((k, v) -> {
            if (v != null) {
                out.println(k + ": " + v);
            }
        });
    }

    private void print(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON output failed: " + e.getMessage(), e);
        }
    }
}
