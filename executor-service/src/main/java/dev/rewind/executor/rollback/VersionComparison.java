package dev.rewind.executor.rollback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.rewind.events.StepOutput;
import dev.rewind.executor.archive.ManifestEntry;
import dev.rewind.executor.archive.TreeSelection;

/**
 * Runbook step 4.2, "compare v1.0.0 vs v2.0.0": the broken version's manifest (written with its
 * archive) against the restored tree's managed files, as added / removed / changed paths. Writes
 * {@code differences.txt} into the diagnostics directory; the step's outputs carry the counts and
 * the first paths of each kind, so the post-mortem needs nothing but the event.
 */
public final class VersionComparison {
    static final int LISTED = 100;

    private VersionComparison() {
    }

    public static Map<String, String> compare(Path brokenManifest, Path restoredTree, TreeSelection selection, Path diagnostics)
            throws IOException {
        Map<String, ManifestEntry> broken = new TreeMap<>();
        for (String line : Files.readAllLines(brokenManifest, StandardCharsets.UTF_8)) {
            String[] parts = line.split(" {2}", 3);
            if (parts.length == 3) {
                broken.put(parts[2], new ManifestEntry(parts[2], Long.parseLong(parts[1]), parts[0]));
            }
        }
        Map<String, ManifestEntry> restored = new TreeMap<>();
        for (ManifestEntry entry : DiagnosticsCapture.manifest(restoredTree, selection)) {
            if (selection.isManaged(Path.of(entry.path()))) {
                restored.put(entry.path(), entry);
            }
        }
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (ManifestEntry entry : broken.values()) {
            ManifestEntry good = restored.get(entry.path());
            if (good == null) {
                added.add(entry.path());
            } else if (!good.sha256().equals(entry.sha256())) {
                changed.add(entry.path());
            }
        }
        for (String path : restored.keySet()) {
            if (!broken.containsKey(path)) {
                removed.add(path);
            }
        }
        Path report = diagnostics.resolve("differences.txt");
        List<String> lines = new ArrayList<>();
        lines.add("# Files the broken version added, removed or changed, against the restored version");
        added.forEach(path -> lines.add("A  " + path));
        removed.forEach(path -> lines.add("D  " + path));
        changed.forEach(path -> lines.add("M  " + path));
        Files.createDirectories(diagnostics);
        Files.write(report, lines, StandardCharsets.UTF_8);

        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(StepOutput.DIFFERENCES.key(), report.toString());
        outputs.put(StepOutput.ADDED.key(), Integer.toString(added.size()));
        outputs.put(StepOutput.REMOVED.key(), Integer.toString(removed.size()));
        outputs.put(StepOutput.CHANGED.key(), Integer.toString(changed.size()));
        outputs.put(StepOutput.UNCHANGED.key(), Integer.toString(broken.size() - added.size() - changed.size()));
        outputs.put(StepOutput.ADDED_FILES.key(), listed(added));
        outputs.put(StepOutput.REMOVED_FILES.key(), listed(removed));
        outputs.put(StepOutput.CHANGED_FILES.key(), listed(changed));
        return outputs;
    }

    private static String listed(List<String> paths) {
        List<String> shown = paths.size() > LISTED ? paths.subList(0, LISTED) : paths;
        return String.join("\n", shown) + (paths.size() > LISTED ? "\n… " + (paths.size() - LISTED) + " more" : "");
    }
}
