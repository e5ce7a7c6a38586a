package dev.rewind.notifier.messages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;

/**
 * Words messages with Qute templates: the built-in ones under {@code rewind/notifications/}, or an
 * operator's file of the same name in {@code rewind.notifier.templates.dir}. A template that fails to
 * parse or render never drops the message: it falls back to a plain one built from the facts, and the
 * failure is logged and counted ({@code rewind.notifier.template.failures}).
 */
@ApplicationScoped
public class MessageTemplates {
    private static final Logger LOG = Logger.getLogger(MessageTemplates.class);
    private static final String BUILT_IN = "rewind/notifications/";

    private final Engine engine;
    private final Optional<Path> overrides;
    private final MeterRegistry metrics;
    private final Map<String, Template> parsed = new ConcurrentHashMap<>();

    public MessageTemplates(Engine engine, @ConfigProperty(name = "rewind.notifier.templates.dir") Optional<String> overrides,
                            MeterRegistry metrics) {
        this.engine = engine;
        this.overrides = overrides.filter(dir -> !dir.isBlank()).map(Path::of);
        this.metrics = metrics;
    }

    public Message render(String name, MessageModel model) {
        try {
            String rendered = parsed.computeIfAbsent(name, this::load).data(model.data()).render();
            if (rendered.isBlank()) {
                throw new IllegalStateException("rendered nothing");
            }
            return Message.parse(rendered);
        } catch (RuntimeException e) {
            parsed.remove(name);
            metrics.counter("rewind.notifier.template.failures", "template", name).increment();
            LOG.errorf("template %s failed (%s); sending the plain message instead", name, e.getMessage());
            return model.plain();
        }
    }

    private Template load(String name) {
        String file = name + ".txt";
        Optional<Path> override = overrides.map(dir -> dir.resolve(file)).filter(Files::isRegularFile);
        try {
            if (override.isPresent()) {
                return engine.parse(Files.readString(override.get(), StandardCharsets.UTF_8), null, override.get().toString());
            }
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(BUILT_IN + file)) {
                if (in == null) {
                    throw new IllegalStateException("no template " + file);
                }
                return engine.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), null, BUILT_IN + file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read template " + file + ": " + e.getMessage(), e);
        }
    }
}
