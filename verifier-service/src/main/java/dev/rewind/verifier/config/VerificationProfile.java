package dev.rewind.verifier.config;

import java.util.ArrayList;
import java.util.List;

import dev.rewind.verifier.checks.Check;
import dev.rewind.verifier.checks.FileChecks;
import dev.rewind.verifier.checks.FunctionalTestCheck;
import dev.rewind.verifier.checks.HttpHealthCheck;
import dev.rewind.verifier.checks.McpQueryCheck;

import dev.rewind.events.CheckKind;

/** What "verified" means for one deployment: the checks of the validation stage and of the smoke stage. */
public record VerificationProfile(List<String> yamlFiles, List<String> requiredFiles, String versionFile, String versionKey,
                                  List<HttpHealthCheck> health, List<McpQueryCheck> mcp, String stepOne, String agents,
                                  String configFile, String configPathsKey, FunctionalTestCheck functionalTest) {

    /** The runbook's AI Engineering Workflow: config.yaml, the 13 step files, the 11 agents, version 1.0.0. */
    public static VerificationProfile runbook(List<HttpHealthCheck> health, List<McpQueryCheck> mcp) {
        List<String> required = new ArrayList<>(List.of(
                "steps/0-scoping/step-01-*.md", "steps/0-scoping/step-02a-*.md", "steps/0-scoping/step-02b-*.md",
                "steps/1-feature/step-03a-*.md", "steps/1-feature/step-03b-*.md", "steps/1-feature/step-04-*.md",
                "steps/2-training/step-05-*.md", "steps/3-inference/step-06-*.md", "steps/3-inference/step-07-*.md",
                "steps/4-evaluation/step-08-*.md", "steps/5-operations/step-09-*.md", "steps/6-integration/step-10-*.md",
                "steps/6-integration/step-11-*.md"));
        for (String agent : List.of("business-analyst", "fti-architect", "data-engineer", "embeddings-engineer",
                "fine-tuning-specialist", "rag-specialist", "prompt-engineer", "llm-evaluator", "mlops-engineer", "tech-lead", "dev")) {
            required.add("agents/" + agent + ".md");
        }
        required.add("workflow.md");
        return new VerificationProfile(List.of("config.yaml"), required, "config.yaml", "version", health, mcp,
                "steps/0-scoping/step-01-*.md", "agents/*.md", "config.yaml", "paths", null);
    }

    /** Runbook 2.4 and 2.5: before the restart. */
    public List<Check> validation() {
        List<Check> checks = new ArrayList<>();
        yamlFiles.forEach(file -> checks.add(FileChecks.yamlParses(file)));
        requiredFiles.forEach(glob -> checks.add(FileChecks.present(glob)));
        checks.add(FileChecks.version(versionFile, versionKey));
        checks.addAll(health);
        checks.addAll(mcp);
        return checks;
    }

    /** Runbook 3.1 and 3.2: after the restart. */
    public List<Check> smoke() {
        List<Check> checks = new ArrayList<>();
        checks.add(FileChecks.markdownLoads(CheckKind.STEP_ONE_LOADS, stepOne));
        checks.addAll(mcp);
        checks.add(FileChecks.markdownLoads(CheckKind.AGENTS_LOAD, agents));
        checks.add(FileChecks.configPathsResolve(configFile, configPathsKey));
        if (functionalTest != null) {
            checks.add(functionalTest);
        }
        return checks;
    }
}
