package dev.rewind.verifier.checks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import dev.rewind.events.CheckKind;

/** The runbook's file checks (2.4 and 3.1): YAML parses, files present, version, step 1, agents, config paths. */
public final class FileChecks {
    private FileChecks() {
    }

    static Object parseYaml(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit((int) TreeFiles.MAX_PARSE_BYTES);
        return new Yaml(options).load(text);
    }

    static String yamlError(Path file, Exception e) {
        if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            return file.getFileName() + ":" + (marked.getProblemMark().getLine() + 1) + ": " + marked.getProblem();
        }
        return file.getFileName() + ": " + e.getMessage();
    }

    public static Check yamlParses(String relative) {
        return new Named("YAML parses: " + relative, CheckKind.YAML_PARSES, (tree, version) -> {
            Path file = tree.resolve(relative);
            if (!Files.isRegularFile(file)) {
                return CheckResult.failed("YAML parses: " + relative, "valid YAML", "missing", relative + " does not exist");
            }
            try {
                parseYaml(TreeFiles.read(file));
                return CheckResult.passed("YAML parses: " + relative, "valid YAML", "valid YAML");
            } catch (Exception e) {
                return CheckResult.failed("YAML parses: " + relative, "valid YAML", "invalid", yamlError(file, e));
            }
        });
    }

    public static Check present(String glob) {
        String name = "file present: " + glob;
        return new Named(name, CheckKind.FILE_PRESENT, (tree, version) -> {
            List<Path> found = TreeFiles.matching(tree, glob);
            return found.isEmpty() ? CheckResult.failed(name, "at least one file", "none", glob + " matches nothing")
                    : CheckResult.passed(name, "at least one file", tree.relativize(found.get(0)).toString());
        });
    }

    public static Check version(String relative, String key) {
        String name = "version in " + relative;
        return new Named(name, CheckKind.VERSION, (tree, expected) -> {
            if (expected == null) {
                return CheckResult.inconclusive(name, "an expected version", "the request names no expected version");
            }
            Path file = tree.resolve(relative);
            try {
                Object document = parseYaml(TreeFiles.read(file));
                Object found = document instanceof Map<?, ?> map ? map.get(key) : null;
                return expected.equals(String.valueOf(found)) ? CheckResult.passed(name, expected, String.valueOf(found))
                        : CheckResult.failed(name, expected, String.valueOf(found), "version mismatch in " + relative);
            } catch (Exception e) {
                return CheckResult.failed(name, expected, "unreadable", yamlError(file, e));
            }
        });
    }

    /** A markdown page loads: optional YAML front matter parses and there is at least one heading. */
    public static Check markdownLoads(CheckKind kind, String glob) {
        String label = kind.label();
        return new Named(label, kind, (tree, version) -> {
            List<Path> files = TreeFiles.matching(tree, glob);
            if (files.isEmpty()) {
                return CheckResult.failed(label, glob, "none", glob + " matches nothing");
            }
            List<String> problems = new ArrayList<>();
            for (Path file : files) {
                String problem = markdownProblem(file);
                if (problem != null) {
                    problems.add(problem);
                }
            }
            return problems.isEmpty() ? CheckResult.passed(label, files.size() + " pages load", files.size() + " pages load")
                    : CheckResult.failed(label, files.size() + " pages load", problems.size() + " do not", String.join("; ", problems));
        });
    }

    static String markdownProblem(Path file) {
        try {
            String text = TreeFiles.read(file);
            String body = text;
            if (text.startsWith("---\n")) {
                int end = text.indexOf("\n---", 4);
                if (end < 0) {
                    return file.getFileName() + ": front matter is not closed";
                }
                parseYaml(text.substring(4, end));
                body = text.substring(end + 4);
            }
            if (body.lines().noneMatch(line -> line.startsWith("#"))) {
                return file.getFileName() + ": no heading";
            }
            return null;
        } catch (Exception e) {
            return yamlError(file, e);
        }
    }

    /** Every value under {@code key} (default {@code paths}) of the config names something that exists. */
    public static Check configPathsResolve(String relative, String key) {
        String name = "config paths resolve: " + relative;
        return new Named(name, CheckKind.CONFIG_PATHS_RESOLVE, (tree, version) -> {
            Path file = tree.resolve(relative);
            try {
                Object document = parseYaml(TreeFiles.read(file));
                Object paths = document instanceof Map<?, ?> map ? map.get(key) : null;
                if (!(paths instanceof Map<?, ?> entries) || entries.isEmpty()) {
                    return CheckResult.passed(name, "paths resolve", "no " + key + " section");
                }
                List<String> missing = new ArrayList<>();
                for (Map.Entry<?, ?> entry : entries.entrySet()) {
                    Path resolved = tree.resolve(String.valueOf(entry.getValue())).normalize();
                    if (!resolved.startsWith(tree) || !Files.exists(resolved)) {
                        missing.add(entry.getKey() + "=" + entry.getValue());
                    }
                }
                return missing.isEmpty() ? CheckResult.passed(name, "all paths resolve", entries.size() + " resolve")
                        : CheckResult.failed(name, "all paths resolve", missing.size() + " do not", "unresolved: " + missing);
            } catch (Exception e) {
                return CheckResult.failed(name, "all paths resolve", "unreadable", yamlError(file, e));
            }
        });
    }

    interface Body {
        CheckResult run(Path tree, String version) throws Exception;
    }

    record Named(String name, CheckKind kind, Body body) implements Check {
        @Override
        public CheckResult run(Path tree, String expectedVersion) throws Exception {
            return body.run(tree, expectedVersion);
        }
    }
}
