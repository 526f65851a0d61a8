package dev.downbeat.model.magenta;

import java.util.List;
import java.util.Map;

/**
 * Writes the JSON of a model folder's {@code spec.json} and {@code reference.json} from maps,
 * lists, strings, numbers and booleans: objects one member a line, arrays of plain values on one
 * line, as the training script writes them. Pure; any thread.
 */
final class JsonOutput {
    private JsonOutput() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        value(out, value, "");
        return out.append('\n').toString();
    }

    private static void value(StringBuilder out, Object value, String indent) {
        if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            String inner = indent + "  ";
            out.append("{\n");
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(",\n");
                }
                first = false;
                out.append(inner);
                string(out, String.valueOf(e.getKey()));
                out.append(": ");
                value(out, e.getValue(), inner);
            }
            out.append('\n').append(indent).append('}');
        } else if (value instanceof List) {
            List<?> list = (List<?>) value;
            boolean flat = list.stream().noneMatch(v -> v instanceof Map || v instanceof List || v instanceof float[]);
            String inner = indent + "  ";
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(flat ? ", " : ",");
                }
                if (!flat) {
                    out.append('\n').append(inner);
                }
                value(out, list.get(i), inner);
            }
            if (!flat && !list.isEmpty()) {
                out.append('\n').append(indent);
            }
            out.append(']');
        } else if (value instanceof float[]) {
            float[] floats = (float[]) value;
            out.append('[');
            for (int i = 0; i < floats.length; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                if (!Float.isFinite(floats[i])) {
                    throw new IllegalArgumentException("JSON has no " + floats[i]);
                }
                out.append(Float.toString(floats[i]));   // shortest text that reads back as the same float
            }
            out.append(']');
        } else if (value instanceof String) {
            string(out, (String) value);
        } else if (value instanceof Number) {
            number(out, ((Number) value).doubleValue());
        } else if (value instanceof Boolean || value == null) {
            out.append(value);
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void number(StringBuilder out, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("JSON has no " + v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            out.append((long) v);
        } else {
            out.append(v);
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\t': out.append("\\t"); break;
                case '\r': out.append("\\r"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
