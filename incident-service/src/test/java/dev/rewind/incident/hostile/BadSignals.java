package dev.rewind.incident.hostile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A corpus of signals as a hostile or careless publisher sends them: every field of a valid signal
 * replaced, one at a time, by what it must not hold, and documents that are not signals at all. Each
 * case names the field the refusal must name ({@code null}: the document as a whole).
 */
public final class BadSignals {
    /** One bad signal: the signal's JSON object text (or any bytes), and the field at fault. */
    public record Case(String name, String json, String field, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String[] BAD_NAMES = {
            "\"\"", "\" \"", "\"../../etc\"", "\"a/b\"", "\"..\"", "\".\"", "\"<script>alert(1)</script>\"", "\"line\\nbreak\"",
            "\"nul\\u0000x\"", "\"tab\\tx\"", "\"esc\\u001bx\"", "\"del\\u007fx\"", "\"UPPER\"", "\"-leading\"", "\"trailing-\"",
            "\"a..b\"", "\"a b\"", "\"\\ud800\"", "\"caf\\u00e9\"", "\"$(id)\"", "\"a;rm -rf /\"", "\"--force\"",
            "\"%2e%2e\"", "\"a\\\\b\"", "\"~root\"", "123", "true", "null", "{}", "[]", "\"" + "a".repeat(254) + "\""};
    private static final String[] BAD_VERSIONS = {
            "\"\"", "\"..\"", "\"1..2\"", "\"../1.0.0\"", "\"1.0.0/../../x\"", "\"1.0\\n0\"", "\"1.0\\u0000\"", "\"-rc1\"",
            "\".1\"", "\"1 0\"", "\"v1;id\"", "\"\\ud83d\"", "1.0", "true", "null", "[]", "\"" + "1".repeat(65) + "\""};
    private static final String[] BAD_METRICS = {
            "\"\"", "\"cpu temp\"", "\"1abc\"", "\"users-blocked\"", "\"users_blocked\\n\"", "7", "null", "[]",
            "\"" + "m".repeat(129) + "\""};
    private static final String[] BAD_TIMES = {
            "\"2026-11-25T10:00:00\"", "\"2026-11-25\"", "\"yesterday\"", "\"2026-13-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"",
            "\"2026-11-25T25:00:00Z\"", "\"2026-11-25 10:00:00Z\"", "\"2026-11-25T10:00:00+2\"", "\"\"", "1764064800", "null",
            "true", "[]", "\"2026-11-25T10:00:00.1234567890Z\"", "\"2026-11-25t10:00:00z\""};
    private static final String[] FAR_TIMES = {"0001-01-01T00:00:00Z", "2999-01-01T00:00:00Z", "1970-01-01T00:00:00Z"};
    private static final String[] BAD_DETAILS = {"\"\\u0000\"", "\"a\\nb\"", "\"\\ud800\"", "\"\\uffff\"", "12", "true", "{}",
            "\"" + "d".repeat(1025) + "\""};

    private BadSignals() {
    }

    /** A valid tier-3 signal's fields for {@code deployment}: each case replaces one. */
    static Map<String, String> valid(String deployment) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("deployment", "\"" + deployment + "\"");
        fields.put("version", "\"2.0.0\"");
        fields.put("metric", "\"users_blocked\"");
        fields.put("value", "2");
        fields.put("observedAt", "\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"");
        return fields;
    }

    static String json(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((key, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(key).append("\":").append(value));
        return json.append('}').toString();
    }

    private static Case replaced(String deployment, String name, String field, String value, int status) {
        Map<String, String> fields = valid(deployment);
        if (value == null) {
            fields.remove(field);
        } else {
            fields.put(field, value);
        }
        return new Case(name, json(fields), field, status);
    }

    /** Bad signals whose deployment (where it is well-formed) is {@code deployment}. */
    public static List<Case> all(String deployment) {
        List<Case> cases = new ArrayList<>();
        for (String field : List.of("deployment", "version", "metric", "value", "observedAt")) {
            cases.add(replaced(deployment, field + " missing", field, null, 400));
        }
        for (String bad : BAD_NAMES) {
            cases.add(replaced(deployment, "deployment " + bad, "deployment", bad, 400));
        }
        for (String bad : BAD_VERSIONS) {
            cases.add(replaced(deployment, "version " + bad, "version", bad, 400));
        }
        for (String bad : BAD_METRICS) {
            cases.add(replaced(deployment, "metric " + bad, "metric", bad, 400));
        }
        cases.add(replaced(deployment, "metric unknown to the policy", "metric", "\"cpu_temperature\"", 422));
        String[][] values = {
                {"workflow_failure_rate", "1.5"}, {"workflow_failure_rate", "-0.5"}, {"workflow_failure_rate", "1.0000001"},
                {"knowledge_mcp_error_rate", "2"}, {"performance_degradation", "-1e-9"}, {"step1_start_failure_ratio", "100"},
                {"users_blocked", "-1"}, {"users_blocked", "2.5"}, {"users_blocked", "1e308"}, {"data_integrity_warnings", "0.1"},
                {"noncritical_feature_failures", "-3"}, {"critical_security_vulnerability", "7"},
                {"critical_security_vulnerability", "0.5"}, {"database_corruption", "-1"}, {"database_corruption", "2"},
                {"knowledge_mcp_unavailable_seconds", "-1"}, {"knowledge_mcp_unavailable_seconds", "-0.001"}};
        for (String[] value : values) {
            Map<String, String> fields = valid(deployment);
            fields.put("metric", "\"" + value[0] + "\"");
            fields.put("value", value[1]);
            cases.add(new Case(value[0] + " = " + value[1], json(fields), "value", 422));
        }
        for (String bad : List.of("\"0.5\"", "\"2\"", "\"NaN\"", "\"Infinity\"", "1e999", "-1e999", "true", "null", "[1]", "{}", "\"\"")) {
            cases.add(replaced(deployment, "value " + bad, "value", bad, 400));
        }
        for (String bad : BAD_TIMES) {
            cases.add(replaced(deployment, "observedAt " + bad, "observedAt", bad, 400));
        }
        for (String far : FAR_TIMES) {
            cases.add(replaced(deployment, "observedAt " + far, "observedAt", "\"" + far + "\"", 422));
        }
        cases.add(replaced(deployment, "observedAt a day ahead", "observedAt",
                "\"" + Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\"", 422));
        cases.add(replaced(deployment, "observedAt a day ago", "observedAt",
                "\"" + Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\"", 422));
        for (String bad : BAD_DETAILS) {
            cases.add(replaced(deployment, "detail " + bad, "detail", bad, 400));
        }
        String valid = json(valid(deployment));
        cases.add(new Case("duplicate key", valid.replace("{", "{\"deployment\":\"other\","), null, 400));
        cases.add(new Case("duplicate value key", valid.replace("}", ",\"value\":3}"), null, 400));
        cases.add(new Case("trailing garbage", valid + " x", null, 400));
        cases.add(new Case("two objects", valid + valid, null, 400));
        for (String document : List.of("", " ", "{", "}", "[]", "null", "42", "\"signal\"", "{\"deployment\":", "\u0000", "{}",
                "[" + valid + "]", "{\"data\":" + valid + "}", "[".repeat(100) + "]".repeat(100))) {
            cases.add(new Case("document " + document.replace("\u0000", "NUL"), document, document.equals("{}") ? "deployment" : null, 400));
        }
        return cases;
    }

    /** Structured CloudEvents whose envelope is wrong (the signal inside is valid). */
    public static List<Case> badEnvelopes(String deployment) {
        String data = json(valid(deployment));
        String id = "\"" + UUID.randomUUID() + "\"";
        String[][] envelopes = {
                {"specversion 0.3", "{\"specversion\":\"0.3\",\"id\":" + id + ",\"source\":\"/m\",\"type\":\"dev.rewind.signal\",\"data\":" + data + "}", "specversion"},
                {"specversion 2.0", "{\"specversion\":\"2.0\",\"id\":" + id + ",\"source\":\"/m\",\"type\":\"dev.rewind.signal\",\"data\":" + data + "}", null},
                {"specversion 1", "{\"specversion\":1,\"id\":" + id + ",\"source\":\"/m\",\"type\":\"dev.rewind.signal\",\"data\":" + data + "}", null},
                {"empty id", "{\"specversion\":\"1.0\",\"id\":\"\",\"source\":\"/m\",\"type\":\"dev.rewind.signal\",\"data\":" + data + "}", "id"},
                {"blank id", "{\"specversion\":\"1.0\",\"id\":\" \",\"source\":\"/m\",\"type\":\"dev.rewind.signal\",\"data\":" + data + "}", "id"},
                {"no id", "{\"specversion\":\"1.0\",\"source\":\"/m\",\"type\":\"dev.rewind.signal\",\"data\":" + data + "}", null},
                {"id with newline", "{\"specversion\":\"1.0\",\"id\":\"a\\nb\",\"source\":\"/m\",\"type\":\"dev.rewind.signal\",\"data\":" + data + "}", "id"},
                {"empty source", "{\"specversion\":\"1.0\",\"id\":" + id + ",\"source\":\"\",\"type\":\"dev.rewind.signal\",\"data\":" + data + "}", null},
                {"no source", "{\"specversion\":\"1.0\",\"id\":" + id + ",\"type\":\"dev.rewind.signal\",\"data\":" + data + "}", null},
                {"other type", "{\"specversion\":\"1.0\",\"id\":" + id + ",\"source\":\"/m\",\"type\":\"com.example.x\",\"data\":" + data + "}", "type"},
                {"no data", "{\"specversion\":\"1.0\",\"id\":" + id + ",\"source\":\"/m\",\"type\":\"dev.rewind.signal\"}", "data"},
                {"text data", "{\"specversion\":\"1.0\",\"id\":" + id + ",\"source\":\"/m\",\"type\":\"dev.rewind.signal\",\"datacontenttype\":\"text/plain\",\"data\":\"x\"}", "datacontenttype"},
                {"array data", "{\"specversion\":\"1.0\",\"id\":" + id + ",\"source\":\"/m\",\"type\":\"dev.rewind.signal\",\"data\":[1]}", null},
                {"duplicate id key", "{\"specversion\":\"1.0\",\"id\":" + id + ",\"id\":\"x\",\"source\":\"/m\",\"type\":\"dev.rewind.signal\",\"data\":" + data + "}", null},
        };
        List<Case> cases = new ArrayList<>();
        for (String[] envelope : envelopes) {
            cases.add(new Case("cloudevent " + envelope[0], envelope[1], envelope[2], 400));
        }
        return cases;
    }
}
