package dev.rewind.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Generates deployment trees shaped like the runbook's AI Engineering Workflow. */
public final class WorkflowTrees {
    public static final List<String> STEPS = List.of(
            "0-scoping/step-01-business-analyst.md", "0-scoping/step-02a-scope.md", "0-scoping/step-02b-risks.md",
            "1-feature/step-03a-features.md", "1-feature/step-03b-store.md", "1-feature/step-04-pipeline.md",
            "2-training/step-05-training.md", "3-inference/step-06-serving.md", "3-inference/step-07-rag.md",
            "4-evaluation/step-08-evaluation.md", "5-operations/step-09-operations.md",
            "6-integration/step-10-integration.md", "6-integration/step-11-release.md");
    public static final List<String> AGENTS = List.of("business-analyst.md", "fti-architect.md", "data-engineer.md",
            "embeddings-engineer.md", "fine-tuning-specialist.md", "rag-specialist.md", "prompt-engineer.md",
            "llm-evaluator.md", "mlops-engineer.md", "tech-lead.md", "dev.md");

    private WorkflowTrees() {
    }

    /** A complete workflow tree of the given version, plus unmanaged parts (.git, node_modules, runtime data). */
    public static Path create(Path root, String version) throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("config.yaml"), """
                name: ai-engineering-workflow
                version: "%s"
                paths:
                  steps: steps
                  agents: agents
                  templates: templates
                """.formatted(version));
        Files.writeString(root.resolve("workflow.md"), "# AI Engineering Workflow " + version + "\n");
        Files.writeString(root.resolve("README.md"), "readme " + version + "\n");
        for (String step : STEPS) {
            write(root.resolve("steps").resolve(step), "---\nstep: " + step + "\nversion: " + version + "\n---\n# Step\n## Goal\n");
        }
        for (String agent : AGENTS) {
            write(root.resolve("agents").resolve(agent), "---\nname: " + agent + "\n---\n# Persona " + version + "\n");
        }
        write(root.resolve("templates/report.md"), "template " + version);
        write(root.resolve("checklists/release.md"), "- [ ] check " + version);
        write(root.resolve("DEPLOYMENT/plan.md"), "plan " + version);
        write(root.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        write(root.resolve(".git/objects/ab/cdef"), "git object");
        write(root.resolve("node_modules/pkg/index.js"), "module.exports = 1;");
        write(root.resolve("agents/node_modules/x.js"), "nested unmanaged");
        write(root.resolve("runtime/sessions.db"), "user data");
        return root;
    }

    public static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
