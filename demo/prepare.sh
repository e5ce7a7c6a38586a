#!/usr/bin/env bash
# Lays out the demo deployment before the services start (the executor reads its deployments file at start):
# a v2.0.0 AI Engineering Workflow tree shaped like the runbook's, a v1.0.0 backup archive, a running
# "workflow" process, and a small Knowledge MCP server. Everything lives under .rewind/demo/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEMO="$ROOT/.rewind/demo"
MARKER="ai-engineering-workflow-demo"

steps=(0-scoping/step-01-business-analyst 0-scoping/step-02a-scope 0-scoping/step-02b-risks 1-feature/step-03a-features
       1-feature/step-03b-feature-store 1-feature/step-04-pipeline 2-training/step-05-training 3-inference/step-06-serving
       3-inference/step-07-rag 4-evaluation/step-08-evaluation 5-operations/step-09-operations
       6-integration/step-10-integration 6-integration/step-11-release)
agents=(business-analyst fti-architect data-engineer embeddings-engineer fine-tuning-specialist rag-specialist
        prompt-engineer llm-evaluator mlops-engineer tech-lead dev)

tree() { # tree DIR VERSION
  local dir=$1 version=$2 s a
  mkdir -p "$dir"
  printf 'name: ai-engineering-workflow\nversion: "%s"\npaths:\n  steps: steps\n  agents: agents\n  templates: templates\n  checklists: checklists\n' "$version" >"$dir/config.yaml"
  printf '# AI Engineering Workflow %s\n\nStart with step 1.\n' "$version" >"$dir/workflow.md"
  printf '# Deployment plan %s\n' "$version" >"$dir/DEPLOYMENT_PLAN.md"
  for s in "${steps[@]}"; do
    mkdir -p "$dir/steps/$(dirname "$s")"
    printf -- '---\nstep: %s\nversion: "%s"\n---\n# %s\n\n## Goal\n\n## Instructions\n' "$(basename "$s")" "$version" "$(basename "$s")" >"$dir/steps/$s.md"
  done
  mkdir -p "$dir/agents" "$dir/templates" "$dir/checklists" "$dir/DEPLOYMENT"
  for a in "${agents[@]}"; do
    printf -- '---\nname: %s\nversion: "%s"\n---\n# %s persona\n' "$a" "$version" "$a" >"$dir/agents/$a.md"
  done
  printf 'template %s\n' "$version" >"$dir/templates/report.md"
  printf -- '- [ ] release check %s\n' "$version" >"$dir/checklists/release.md"
  printf 'runbook %s\n' "$version" >"$dir/DEPLOYMENT/runbook.md"
}

# the demo workload and its children (the sleep its shell runs)
for pid in $(pgrep -f "$MARKER"); do pkill -P "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; done || true
rm -rf "$DEMO/srv" "$DEMO/v1" "$DEMO/srv".rewind-*
mkdir -p "$DEMO/backups" "$DEMO/diagnostics" "$DEMO/logs" "$DEMO/srv"

# v1.0.0: the last good version, archived the way the runbook's pre-deployment step does it
tree "$DEMO/v1" 1.0.0
rm -f "$DEMO"/backups/ai-engineering-workflow-v1.0.0-backup-*.tar.gz*
tar -C "$DEMO/v1" -czf "$DEMO/backups/ai-engineering-workflow-v1.0.0-backup-20261101.tar.gz" \
  agents steps templates config.yaml checklists DEPLOYMENT workflow.md DEPLOYMENT_PLAN.md
rm -rf "$DEMO/v1"

# v2.0.0: the broken release, with what a backup never manages (git history, modules, user data)
tree "$DEMO/srv/ai-engineering-workflow" 2.0.0
W="$DEMO/srv/ai-engineering-workflow"
printf -- '---\nname: new-agent\n---\n# added in 2.0.0\n' >"$W/agents/knowledge-router.md"
mkdir -p "$W/.git" "$W/node_modules/left-pad" "$W/data"
echo "ref: refs/heads/main" >"$W/.git/HEAD"
echo "module.exports = 1" >"$W/node_modules/left-pad/index.js"
echo "user projects survive a rollback" >"$W/data/projects.db"
echo "$(date -u +%FT%TZ) ERROR step-03 failed: knowledge router timeout" >"$DEMO/logs/workflow.log"

cat >"$DEMO/deployments.yaml" <<YAML
deployments:
  ai-engineering-workflow:
    target: $W
    lastGoodVersion: 1.0.0
    backups:
      directory: $DEMO/backups
      pattern: "{deployment}-v{version}-backup-{suffix}.tar.gz"
    diagnostics:
      directory: $DEMO/diagnostics
      logs: [$DEMO/logs/*.log]
    workload:
      controller: process
      match: ["sh -c sleep [0-9]+; : $MARKER"]   # the whole command line
      start: ["sh", "-c", "sleep 1000000; : $MARKER"]
      gracePeriod: 5s
YAML

# the running workflow
nohup sh -c "sleep 1000000; : $MARKER" >/dev/null 2>&1 &

# the Knowledge MCP server the verifier queries (runbook 2.5 and smoke test 2)
if ! curl -fs http://127.0.0.1:8090/health >/dev/null 2>&1; then
  nohup java -cp "$ROOT/devstack/target/rewind-devstack-0.1.0-SNAPSHOT.jar:$ROOT/devstack/target/lib/*" \
    dev.rewind.devstack.DevStack knowledge-mcp 8090 >"$DEMO/knowledge-mcp.log" 2>&1 &
  echo $! >"$DEMO/knowledge-mcp.pid"
fi
# who is told what (notifier-service): the runbook's roles, with the demo's local mail, chat and pager
cat >"$DEMO/contacts.yaml" <<YAML
# Demo contacts: every channel points at the local notification sinks (inbox: $DEMO/inbox)
people:
  - { name: Olivia (on-call), roles: [senior-oncall], email: oncall@rewind.demo, chat: "@olivia", availability: 24/7 }
  - { name: Tess (tech lead), roles: [tech-lead], email: tech-lead@rewind.demo, chat: "@tess", availability: 24/7 }
  - { name: Ivan (infrastructure lead), roles: [infrastructure-lead], email: infrastructure@rewind.demo, availability: 24/7 }
  - name: Paula (product manager)
    roles: [product-manager]
    email: pm@rewind.demo
    availability: { hours: "09:00-17:00", days: MON-FRI, zone: UTC }
  - name: Quinn (QA lead)
    roles: [qa-lead]
    email: qa@rewind.demo
    availability: { hours: "09:00-17:00", days: MON-FRI, zone: UTC }
stakeholders: [tech-lead, product-manager, infrastructure-lead]
users: { email: [workflow-users@rewind.demo], chat: true, support: support@rewind.demo }
channels:
  chat: { url: "http://127.0.0.1:8091/chat", mention: "@infrastructure-oncall" }
  mail: { from: rewind@rewind.demo }
  pager: { url: "http://127.0.0.1:8091/pager", routingKey: demo-routing-key }
  webhooks:
    - { name: audit, url: "http://127.0.0.1:8091/audit", types: [incident.opened, rollback.authorized, rollback.completed, rollback.failed] }
YAML

# the team's mail server, chat, pager and audit webhook, as local sinks writing to $DEMO/inbox
if ! (exec 3<>/dev/tcp/127.0.0.1/2525) 2>/dev/null; then
  nohup java -cp "$ROOT/devstack/target/rewind-devstack-0.1.0-SNAPSHOT.jar:$ROOT/devstack/target/lib/*" \
    dev.rewind.devstack.DevStack notification-sinks 2525 8091 "$DEMO/inbox" >"$DEMO/notifications.log" 2>&1 &
  echo $! >"$DEMO/notification-sinks.pid"
fi

echo "[demo] deployment ready: $W (v2.0.0, broken), backup of v1.0.0 in $DEMO/backups, workflow running"
