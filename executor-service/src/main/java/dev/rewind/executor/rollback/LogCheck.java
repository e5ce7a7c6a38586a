package dev.rewind.executor.rollback;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
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
            long from = marks.getOrDefault(file.toString(), 0L);
            try (FileChannel channel = FileChannel.open(file)) {
                // a file shorter than its mark was rotated: it now holds only lines written since
                channel.position(from > channel.size() ? 0 : from);
                byte[] gained = Channels.newInputStream(channel).readNBytes(MAX_BYTES);
                count += ErrorLines.scan(new ByteArrayInputStream(gained), ErrorLines.FIRST, found,
                        (number, line) -> file.getFileName() + ": " + line);
            }
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(StepOutput.ERROR_LINES.key(), Long.toString(count));
        outputs.put(StepOutput.FIRST_ERRORS.key(), String.join("\n", found));
        outputs.put(StepOutput.LOGS_CHECKED.key(), Integer.toString(files.size()));
        return outputs;
    }
}
