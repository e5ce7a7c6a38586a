package dev.rewind.platform.config;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Binds an operator's YAML file to records with Jackson's YAML module, then checks them with Bean Validation. Each
 * file's schema is then its records: their components, their constraints, and the rules their constructors keep.
 * Every refusal names the file, the line and the field ({@code people[0].email}): a syntax error, a duplicate key, an
 * alias, an unknown key, a value of the wrong shape or type, a broken constraint, a {@link ConfigValueException}.
 * A constraint's message may hold {@code %s} for the value refused.
 */
public final class YamlBinding {
    private static final int MAX_DOCUMENT = 4 * 1024 * 1024;
    private static final int MAX_NESTING = 64;
    private static final ObjectMapper MAPPER = mapper();
    private static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class).configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private YamlBinding() {
    }

    /** A file bound to its records, with the line of every value, for the loaders' rules across records. */
    public record Bound<T>(T value, Lines lines) {
    }

    /** Where each value of the file starts: its field path ({@code channels.webhooks[0].url}) to its line. */
    public static final class Lines {
        private final String file;
        private final Map<String, Integer> lines;

        Lines(String file, Map<String, Integer> lines) {
            this.file = file;
            this.lines = lines;
        }

        /** The line of the field, or of the nearest enclosing value the file has (a missing field: its parent's). */
        public int of(String field) {
            for (String path = field; path != null; path = parent(path)) {
                Integer line = lines.get(path);
                if (line != null) {
                    return line;
                }
            }
            return lines.getOrDefault("", 0);
        }

        /** Whether the file writes the field, with a value or without one ({@code mail:}). */
        public boolean has(String field) {
            return lines.containsKey(field);
        }

        public ConfigFileException error(String field, String problem) {
            return new ConfigFileException(file, of(field), field.isEmpty() ? "file" : field, problem);
        }

        private static String parent(String path) {
            if (path.isEmpty()) {
                return null;
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            return cut <= 0 ? "" : path.substring(0, cut);
        }
    }

    public static <T> Bound<T> bind(String file, String text, Class<T> type) {
        if (text.length() > MAX_DOCUMENT) {
            throw new ConfigFileException(file, 0, "file", "is larger than " + MAX_DOCUMENT / 1024 / 1024 + " MiB");
        }
        Lines lines = new Lines(file, lines(file, text));
        T value;
        try {
            value = MAPPER.readValue(text, type);
        } catch (JsonMappingException e) {
            throw refusal(file, lines, e);
        } catch (JsonProcessingException e) {
            throw new ConfigFileException(file, line(e), fieldOf(e), problemOf(e));
        }
        if (value == null) {
            throw new ConfigFileException(file, 0, "file", "is empty");
        }
        // the first violation in the file's order, so an operator fixes the file from the top
        VALIDATOR.validate(value).stream()
                .min(Comparator.comparingInt((ConstraintViolation<T> v) -> lines.of(field(v.getPropertyPath())))
                        .thenComparing(v -> field(v.getPropertyPath())))
                .ifPresent(first -> {
                    throw lines.error(field(first.getPropertyPath()), message(first.getMessage(), first.getInvalidValue()));
                });
        return new Bound<>(value, lines);
    }

    /** One pass over the tokens: the line of each value; a syntax error, a duplicate key or an alias refused there. */
    private static Map<String, Integer> lines(String file, String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    continue;
                }
                JsonStreamContext position = token.isStructStart() ? parser.getParsingContext().getParent() : parser.getParsingContext();
                String field = path(position);
                int line = line(parser.currentTokenLocation());
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    throw new ConfigFileException(file, line, field.isEmpty() ? "yaml" : field,
                            "is an alias (*" + yaml.getCurrentAnchor() + "): aliases are not read here, write the value out");
                }
                if (token.isStructStart() && parser.getParsingContext().getNestingDepth() > MAX_NESTING) {
                    throw new ConfigFileException(file, line, "yaml", "is nested deeper than " + MAX_NESTING + " levels");
                }
                lines.putIfAbsent(field, line);
            }
            if (lines.isEmpty()) {
                throw new ConfigFileException(file, 0, "file", "is empty");
            }
        } catch (JsonProcessingException e) {
            MarkedYAMLException marked = cause(e, MarkedYAMLException.class);
            if (marked != null && marked.getProblemMark() != null) {
                throw new ConfigFileException(file, marked.getProblemMark().getLine() + 1, "yaml", marked.getProblem());
            }
            throw new ConfigFileException(file, line(e), "yaml", problemOf(e));
        } catch (IOException e) {
            throw new ConfigFileException(file, 0, "file", "cannot be read: " + e.getMessage());
        }
        return lines;
    }

    private static ConfigFileException refusal(String file, Lines lines, JsonMappingException e) {
        String field = path(e.getPath());
        ConfigValueException value = cause(e, ConfigValueException.class);
        if (value != null) {
            String at = value.field() == null ? field : join(field, value.field());
            return lines.error(at, value.problem());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return lines.error(field, "is not a known field (expected one of " + known(unknown.getKnownPropertyIds()) + ")");
        }
        if (e instanceof InvalidFormatException invalid) {
            return lines.error(field, "must be " + expected(invalid.getTargetType()) + ", not '" + clip(invalid.getValue()) + "'");
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return lines.error(field, "must be " + expected(mismatched.getTargetType()));
        }
        return lines.error(field, problemOf(e));
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(constant.toString().toLowerCase(java.util.Locale.ROOT));
            }
            return "one of " + String.join(", ", names);
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == String.class || type == Duration.class || Number.class.isAssignableFrom(type)) {
            return "a single value";
        }
        return "a mapping";
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "[]" : ids.stream().map(Object::toString).sorted().toList().toString();
    }

    private static String message(String message, Object invalid) {
        return message.contains("%s") ? message.replace("%s", clip(invalid)) : message;
    }

    private static String clip(Object value) {
        String text = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    private static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                if (node.getIndex() != null) {
                    field.append('[').append(node.getIndex()).append(']');
                } else if (node.getKey() != null) {
                    field.append(field.isEmpty() ? "" : ".").append(node.getKey());
                }
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.toString();
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** The field path of the value at a parser's position in {@code context}. */
    private static String path(JsonStreamContext context) {
        List<String> segments = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                segments.add(0, "." + c.getCurrentName());
            } else if (c.inArray()) {
                segments.add(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
            }
        }
        String joined = String.join("", segments);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static String fieldOf(JsonProcessingException e) {
        if (e.getProcessor() instanceof JsonParser parser) {
            String field = path(parser.getParsingContext());
            return field.isEmpty() ? "yaml" : field;
        }
        return "yaml";
    }

    private static String join(String parent, String child) {
        return parent.isEmpty() ? child : child.startsWith("[") ? parent + child : parent + "." + child;
    }

    /** Where the parser was: the error's own location, or the parser's when the error has none (a limit reached). */
    private static int line(JsonProcessingException e) {
        int line = line(e.getLocation());
        if (line == 0 && e.getProcessor() instanceof JsonParser parser) {
            line = line(parser.currentLocation());
        }
        return line;
    }

    private static int line(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? 0 : location.getLineNr();
    }

    private static String problemOf(JsonProcessingException e) {
        String problem = e.getOriginalMessage();
        return problem == null ? "cannot be read" : problem.lines().findFirst().orElse(problem);
    }

    private static <X extends Throwable> X cause(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static ObjectMapper mapper() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(0);
        options.setCodePointLimit(MAX_DOCUMENT);
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setAcceptBlankAsEmpty(false);
        mapper.enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS);
        SimpleModule durations = new SimpleModule("rewind-durations");
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                if (!parser.currentToken().isScalarValue()) {
                    throw new ConfigValueException("must be a duration (write e.g. 30s, 5m, 1h)");
                }
                return DurationText.parse(parser.getText());
            }
        });
        mapper.registerModule(durations);
        return mapper;
    }
}
