package dev.rewind.executor.rollback;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rewind.events.StepOutput;

/**
 * The checklist's "no critical errors in logs", after the restart: before 2.6 starts the restored version, each log
 * file's length is marked in {@code log-marks.txt} of the diagnostics directory (on disk, so a resumed rollback keeps
 * it); once the rollback is done, the lines written since — from the mark, or from the start of a file that is new or
 * was rotated shorter, at most {@link #MAX_BYTES} a file — are scanned for the runbook's ERROR/CRITICAL/FAILED.
 */
public final class LogCheck {
    static final String MARKS = "log-marks.txt";
    static final int MAX_BYTES = 10 << 20;

    private LogCheck() {
    }

    public static void mark(List<String> globs, Path analysis) throws IOException {
        List<String> marks = new ArrayList<>();
        for (Path file : LogFiles.matching(globs)) {
            marks.add(Files.size(file) + "\t" + file);
        }
        Files.createDirectories(analysis);
        Files.write(analysis.resolve(MARKS), marks, StandardCharsets.UTF_8);
    }

    public static Map<String, String> sinceMark(List<String> globs, Path analysis) throws IOException {
        Map<String, Long> marks = new HashMap<>();
        Path marksFile = analysis.resolve(MARKS);
        if (Files.exists(marksFile)) {
            for (String line : Files.readAllLines(marksFile, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    marks.put(line.substring(tab + 1), Long.parseLong(line.substring(0, tab)));
                }
            }
        }
        List<String> found = new ArrayList<>();
        long count = 0;
        List<Path> files = LogFiles.matching(globs);
        for (Path file : files) {
            long size = Files.size(file);
            long from = marks.getOrDefault(file.toString(), 0L);
            if (from > size) {
                from = 0; // rotated: the file now holds only lines written since
            }
            for (String line : lines(file, from)) {
                if (ErrorLines.RUNBOOK_PATTERN.matcher(line).find()) {
                    count++;
                    if (found.size() < ErrorLines.FIRST) {
                        found.add(file.getFileName() + ": " + ErrorLines.clip(line));
                    }
                }
            }
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(StepOutput.ERROR_LINES.key(), Long.toString(count));
        outputs.put(StepOutput.FIRST_ERRORS.key(), String.join("\n", found));
        outputs.put(StepOutput.LOGS_CHECKED.key(), Integer.toString(files.size()));
        return outputs;
    }

    private static List<String> lines(Path file, long from) throws IOException {
        byte[] bytes;
        try (FileChannel channel = FileChannel.open(file)) {
            long length = Math.min(channel.size() - from, MAX_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, length));
            channel.position(from);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read what is there up to the bound
            }
            bytes = java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8
                .newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            return reader.lines().toList();
        }
    }
}
