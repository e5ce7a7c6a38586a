package dev.rewind.incident.application;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.rewind.events.AuthorizationForm;
import dev.rewind.events.ManualReason;
import dev.rewind.events.ResolutionReason;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.SignOff;
import dev.rewind.events.TriageSeverity;
import dev.rewind.incident.domain.Actor;
import dev.rewind.incident.domain.Decision;
import dev.rewind.incident.domain.DeploymentPolicy;
import dev.rewind.incident.domain.HeightenedMonitoring;
import dev.rewind.incident.domain.Incident;
import dev.rewind.incident.domain.IncidentDecider;
import dev.rewind.incident.domain.Policy;
import dev.rewind.incident.persistence.IncidentRecord;
import dev.rewind.incident.persistence.SignalSamples;

/** The people-facing use cases: manual incidents, triage, assessment, authorization, acknowledgement, resolution. */
@ApplicationScoped
public class IncidentCommands {
    private final IncidentStreams streams;
    private final SignalSamples samples;
    private final IncidentDecider decider;
    private final Policy policy;
    private final HeightenedMonitoring heightened;
    private final Timelines timelines;

    public IncidentCommands(IncidentStreams streams, SignalSamples samples, SystemEventContext context, Policy policy,
                            Timelines timelines) {
        this.streams = streams;
        this.timelines = timelines;
        this.samples = samples;
        this.decider = new IncidentDecider(context);
        this.policy = policy;
        this.heightened = new HeightenedMonitoring(context);
    }

    public Decision triage(UUID id, TriageSeverity severity, Integer estimatedFixMinutes, Actor actor) {
        return decide(id, state -> decider.triage(state, severity, estimatedFixMinutes, actor,
                policy.forDeployment(state.deployment())));
    }

    public Decision assess(UUID id, IncidentDecider.Assessment assessment, Actor actor) {
        return decide(id, state -> decider.assess(state, assessment, actor));
    }

    public Decision authorize(UUID id, AuthorizationForm form, Actor actor) {
        return decide(id, state -> decider.authorize(state, form, actor));
    }

    public Decision acknowledge(UUID id, Actor actor) {
        return decide(id, state -> decider.acknowledge(state, actor));
    }

    public Decision note(UUID id, IncidentDecider.Notes notes, Actor actor) {
        return decide(id, state -> decider.note(state, notes, actor));
    }

    public Decision resolve(UUID id, ResolutionReason reason, String summary, String hotfixVersion, Actor actor) {
        return decide(id, state -> decider.resolve(state, reason, summary, hotfixVersion, actor));
    }

    public Decision requestAttempt(UUID id, String reason, Actor actor) {
        return decide(id, state -> decider.requestAttempt(state, reason, actor));
    }

    public Decision schedulePostmortem(UUID id, java.time.Instant meetingAt, int durationMinutes, List<String> participants,
                                       String location, Actor actor) {
        return decide(id, state -> decider.schedulePostmortem(state, meetingAt, durationMinutes, participants, location, actor));
    }

    public Decision signOff(UUID id, SignOff signOff, String version, String note, Actor actor) {
        return decide(id, state -> decider.signOff(state, signOff, version, note, actor));
    }

    /** Ends the incident if its deployment's signals went quiet (see {@link IncidentDecider#quietWindowStart}). */
    public void resolveIfQuiet(UUID id) {
        decide(id, state -> {
            DeploymentPolicy deploymentPolicy = policy.forDeployment(state.deployment());
            return Decision.accept(decider.quietWindowStart(state, deploymentPolicy)
                    .map(from -> decider.resolveIfQuiet(state, samples.activity(state.deployment(), from, deploymentPolicy.rules()),
                            deploymentPolicy))
                    .orElse(List.of()));
        });
    }

    /** Ends the hotfix's heightened monitoring if its period is over, passed or breached by the incidents opened meanwhile. */
    public void endHeightenedIfOver(UUID id) {
        decide(id, state -> {
            Incident.HeightenedPeriod period = state.redeployment().heightened();
            List<UUID> opened = period == null ? List.of()
                    : IncidentRecord.openedDuring(state.deployment(), period.startedAt(), period.endsAt());
            return Decision.accept(heightened.endIfOver(state, opened));
        });
    }

    /** Ends a restored incident whose Rollback Coordination Checklist is complete (the timeline's checklist says). */
    public void resolveIfChecklistComplete(UUID id) {
        List<String> unchecked = timelines.now(id, timeline -> timeline.checklist().stream().filter(item -> !item.checked())
                .map(dev.rewind.incident.timeline.Timeline.ChecklistItem::item).toList());
        decide(id, state -> Decision.accept(decider.resolveIfChecklistComplete(state, unchecked)));
    }

    public void escalate(UUID id) {
        decide(id, state -> Decision.accept(decider.escalate(state, policy.forDeployment(state.deployment()))));
    }

    /** Opens an incident by hand; refused while the deployment already has an open one. */
    public Incident open(String deployment, String version, ManualReason reason, String description, Actor actor) {
        return streams.inTransactionRetrying(() -> {
            if (IncidentRecord.findOpen(deployment).isPresent()) {
                throw new IllegalStateException("deployment " + deployment + " already has an open incident "
                        + IncidentRecord.findOpen(deployment).get().id);
            }
            UUID id = UUID.randomUUID();
            List<RewindEvent> events = decider.openManually(id, deployment, version, reason, description, actor);
            return streams.commit(Incident.NONE, events);
        });
    }

    public Incident get(UUID id) {
        Incident state = streams.load(id);
        if (!state.exists()) {
            throw new IncidentNotFoundException(id);
        }
        return state;
    }

    public boolean exists(UUID id) {
        return streams.load(id).exists();
    }

    private Decision decide(UUID id, Function<Incident, Decision> decision) {
        return streams.inTransactionRetrying(() -> {
            Incident state = get(id);
            Decision result = decision.apply(state);
            streams.commit(state, result.events());
            return result;
        });
    }
}
