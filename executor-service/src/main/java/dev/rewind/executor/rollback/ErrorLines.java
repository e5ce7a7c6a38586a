package dev.rewind.executor.rollback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.rewind.events.StepOutput;

/**
 * Runbook 4.2, "analyze error patterns" ({@code grep -r "ERROR\|CRITICAL\|FAILED" logs/ > errors.txt}): the lines of the
 * logs the diagnostics step copied that name an error, as {@code file:line: text} in {@code errors.txt}. Bounded whatever
 * the logs hold: a line is clipped at {@link #MAX_LINE} characters, the file at {@link #MAX_WRITTEN} lines, bytes that are
 * not UTF-8 read as U+FFFD, links not followed.
 */
public final class ErrorLines {
    public static final Pattern RUNBOOK_PATTERN = Pattern.compile("ERROR|CRITICAL|FAILED");
    static final int MAX_LINE = 1000;
    static final int MAX_WRITTEN = 10_000;
    static final int FIRST = 20;

    private ErrorLines() {
    }

    /** Scans every regular file below {@code logs} (none: nothing found) and writes {@code errors.txt} into {@code analysis}. */
    public static Map<String, String> collect(Path logs, Path analysis) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(logs, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(logs)) {
                walk.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).sorted().forEach(files::add);
            }
        }
        List<String> found = new ArrayList<>();
        long count = 0;
        for (Path file : files) {
            String name = logs.relativize(file).toString();
            try (InputStream in = Files.newInputStream(file)) {
                count += scan(in, MAX_WRITTEN, found, (number, line) -> name + ":" + number + ": " + line);
            }
        }
        Path report = analysis.resolve("errors.txt");
        List<String> text = new ArrayList<>();
        text.add("# ERROR, CRITICAL and FAILED lines of the deployment's logs (" + count + " in " + files.size() + " files"
                + (count > MAX_WRITTEN ? ", the first " + MAX_WRITTEN + " shown" : "") + ")");
        text.addAll(found);
        Files.createDirectories(analysis);
        Files.write(report, text, StandardCharsets.UTF_8);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(StepOutput.ERRORS.key(), report.toString());
        outputs.put(StepOutput.ERROR_LINES.key(), Long.toString(count));
        outputs.put(StepOutput.FIRST_ERRORS.key(), String.join("\n", found.subList(0, Math.min(FIRST, found.size()))));
        return outputs;
    }

    /**
     * Counts the lines of {@code in} (UTF-8, bytes that are not read as U+FFFD) that match the runbook's pattern, and adds
     * the first of them to {@code found} until it holds {@code keep}, each clipped and worded by {@code shown}
     * (line number from 1, line).
     */
    static long scan(InputStream in, int keep, List<String> found, BiFunction<Long, String, String> shown) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
        long count = 0;
        long number = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            number++;
            if (RUNBOOK_PATTERN.matcher(line).find()) {
                count++;
                if (found.size() < keep) {
                    found.add(shown.apply(number, clip(line)));
                }
            }
        }
        return count;
    }

    /** At most {@link #MAX_LINE} characters, control characters shown as {@code ?} so a line stays one line. */
    static String clip(String line) {
        String shown = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line;
        StringBuilder clean = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) && c != '\t' ? '?' : c));
        return clean.toString();
    }
}
