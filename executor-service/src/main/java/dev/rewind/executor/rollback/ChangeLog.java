package dev.rewind.executor.rollback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rewind.events.StepOutput;
import dev.rewind.executor.config.DeploymentTarget.GitFallback;

/**
 * Runbook 4.2, "review change logs" ({@code git log v1.0.0..v2.0.0 --oneline > changes.txt}) and "identify which
 * change(s) caused the issue": the commits between the good and the broken version's tags, and which of the runbook's
 * areas their files touch (DEPLOYMENT_PLAN.md, agents, steps, config), in {@code changes.txt}.
 */
public final class ChangeLog {
    static final int MAX_COMMITS = 10_000;
    /** The runbook's "Review:" list, in its order: the area and how its files are named. */
    static final List<String[]> AREAS = List.of(new String[] {"DEPLOYMENT_PLAN.md", "DEPLOYMENT_PLAN.md"},
            new String[] {"agents", "agents/"}, new String[] {"steps", "steps/"}, new String[] {"config", "config"});

    private ChangeLog() {
    }

    public static Map<String, String> collect(GitFallback git, String goodVersion, String brokenVersion, Path analysis)
            throws IOException, InterruptedException {
        String repository = git.repository().toString();
        String good = GitCommand.commitOfTag(repository, git.tagPattern().replace("{version}", goodVersion));
        String broken = GitCommand.commitOfTag(repository, git.tagPattern().replace("{version}", brokenVersion));
        List<String> commits = lines(GitCommand.run("git log " + goodVersion + ".." + brokenVersion + " failed", "git", "-C", repository,
                "log", "--oneline", "--no-decorate", "--no-color", "--max-count=" + (MAX_COMMITS + 1), "--end-of-options", good + ".." + broken));
        List<String> files = lines(GitCommand.run("git diff " + goodVersion + " " + brokenVersion + " failed", "git", "-C", repository,
                "diff", "--name-only", "--no-color", "--no-renames", "--end-of-options", good, broken));
        Map<String, List<String>> byArea = new LinkedHashMap<>();
        for (String[] area : AREAS) {
            byArea.put(area[0], files.stream().filter(file -> inArea(file, area[1])).map(ErrorLines::clip).toList());
        }
        List<String> text = new ArrayList<>();
        text.add("# git log " + goodVersion + ".." + brokenVersion + " --oneline (" + good + ".." + broken + ")");
        commits.stream().limit(MAX_COMMITS).map(ErrorLines::clip).forEach(text::add);
        text.add("");
        text.add("# Areas the runbook asks to review, and the files of each that changed");
        byArea.forEach((area, changed) -> {
            text.add("## " + area + ": " + changed.size() + " files");
            changed.forEach(file -> text.add("   " + file));
        });
        Path report = analysis.resolve("changes.txt");
        Files.createDirectories(analysis);
        Files.write(report, text, StandardCharsets.UTF_8);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(StepOutput.CHANGES.key(), report.toString());
        outputs.put(StepOutput.COMMITS.key(), commits.size() > MAX_COMMITS ? "more than " + MAX_COMMITS : Integer.toString(commits.size()));
        List<String> touched = byArea.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + " (" + e.getValue().size() + " files)").toList();
        outputs.put(StepOutput.CHANGED_AREAS.key(), touched.isEmpty() ? "none of DEPLOYMENT_PLAN.md, agents, steps, config"
                : String.join(", ", touched));
        return outputs;
    }

    /** A file of an area: the area's directory or file at the top or below any directory, e.g. {@code ai/agents/pm.md}. */
    static boolean inArea(String file, String area) {
        if (area.endsWith("/")) {
            return file.startsWith(area) || file.contains("/" + area);
        }
        String name = file.substring(file.lastIndexOf('/') + 1);
        return name.equals(area) || name.startsWith(area + ".") || file.startsWith(area + "/") || file.contains("/" + area + "/");
    }

    private static List<String> lines(String output) {
        return output.lines().filter(line -> !line.isBlank()).toList();
    }
}
