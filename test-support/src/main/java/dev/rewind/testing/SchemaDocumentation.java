package dev.rewind.testing;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Holds the README to an operator file's schema: every key of the file's records, at every depth, must appear as
 * {@code key:} in the README's section for that file, so a key added to the records and not documented fails a test.
 */
public final class SchemaDocumentation {

    private SchemaDocumentation() {
    }

    /** The schema's keys that the README section under {@code ### heading} does not show. */
    public static List<String> undocumented(Class<?> schema, String heading) throws IOException {
        String section = section(Files.readString(RepositoryFiles.path("README.md"), StandardCharsets.UTF_8), heading);
        List<String> missing = new ArrayList<>();
        for (String key : keys(schema)) {
            if (!section.contains(key + ":")) {
                missing.add(key);
            }
        }
        return missing;
    }

    /** The YAML keys of a record schema, nested records included. */
    public static Set<String> keys(Class<?> schema) {
        Set<String> keys = new LinkedHashSet<>();
        collect(schema, keys, new LinkedHashSet<>());
        return keys;
    }

    private static void collect(Class<?> type, Set<String> keys, Set<Class<?>> seen) {
        if (!type.isRecord() || !seen.add(type)) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            JsonProperty property = propertyOf(type, component);
            keys.add(property != null && !property.value().isEmpty() ? property.value() : component.getName());
            nested(component.getGenericType(), keys, seen);
        }
    }

    /** {@code @JsonProperty} on a record component lands on its field. */
    private static JsonProperty propertyOf(Class<?> type, RecordComponent component) {
        try {
            return type.getDeclaredField(component.getName()).getAnnotation(JsonProperty.class);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static void nested(Type type, Set<String> keys, Set<Class<?>> seen) {
        if (type instanceof Class<?> c) {
            collect(c, keys, seen);
        } else if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                nested(argument, keys, seen);
            }
        }
    }

    private static String section(String readme, String heading) {
        int start = readme.indexOf("\n### " + heading);
        if (start < 0) {
            throw new IllegalArgumentException("the README has no section '### " + heading + "'");
        }
        int end = readme.indexOf("\n### ", start + 5);
        int chapter = readme.indexOf("\n## ", start + 5);
        if (end < 0 || chapter >= 0 && chapter < end) {
            end = chapter < 0 ? readme.length() : chapter;
        }
        return readme.substring(start, end);
    }
}
