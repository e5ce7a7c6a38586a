package dev.rewind.incident.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.RewindEvent;
import dev.rewind.incident.domain.Classification;
import dev.rewind.incident.domain.DeploymentPolicy;
import dev.rewind.incident.domain.Policy;

/**
 * "What if" replay: the samples behind each classification of an incident, run through another policy.
 * Reports, decision by decision, the tier and rule it would have reached and whether tier 1 would still
 * have been authorized automatically. Only the evidence the stream kept (the samples of the firing
 * rule's window) can be replayed; signals that never fired a rule are not in the stream.
 */
public final class WhatIf {

    public record Outcome(RewindEvent decision, String actual, String alternative, boolean differs) {
    }

    private WhatIf() {
    }

    public static List<Outcome> replay(List<RewindEvent> stream, Policy current, Policy alternative) {
        String deployment = stream.stream().filter(IncidentOpened.class::isInstance).map(e -> ((IncidentOpened) e).deployment())
                .findFirst().orElse("");
        DeploymentPolicy before = current.forDeployment(deployment);
        DeploymentPolicy after = alternative.forDeployment(deployment);
        List<Outcome> outcomes = new ArrayList<>();
        for (RewindEvent event : stream) {
            if (event instanceof IncidentClassified classified && classified.metric() != null) {
                String actual = describe(Optional.of(classified.tier()), Optional.of(classified.rule()), before);
                Optional<Classification> other = after.classify(classified.metric(), classified.evidence());
                String alternativeText = describe(other.map(Classification::tier), other.map(c -> c.rule().describe()), after);
                outcomes.add(new Outcome(event, actual, alternativeText, !actual.equals(alternativeText)));
            }
        }
        return outcomes;
    }

    public static String report(List<Outcome> outcomes) {
        StringBuilder text = new StringBuilder();
        for (Outcome outcome : outcomes) {
            text.append(outcome.decision().occurredAt()).append("  ").append(outcome.differs() ? "DIFFERS " : "same    ")
                    .append("was: ").append(outcome.actual()).append(" | would be: ").append(outcome.alternative()).append('\n');
        }
        long differing = outcomes.stream().filter(Outcome::differs).count();
        text.append(outcomes.size()).append(" decisions replayed, ").append(differing).append(" would differ\n");
        return text.toString();
    }

    private static String describe(Optional<Integer> tier, Optional<String> rule, DeploymentPolicy policy) {
        if (tier.isEmpty()) {
            return "no tier (no rule holds)";
        }
        String authorization = tier.get() == 1 ? (policy.autoAuthorizeTier1() ? ", authorized automatically" : ", waits for a lead") : "";
        return "tier " + tier.get() + " by " + rule.orElse("?") + authorization;
    }
}
