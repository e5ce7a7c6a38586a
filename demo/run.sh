#!/usr/bin/env bash
# The demo rollback: a tier-1 signal (workflow failure rate 25%, sustained 5 minutes) goes to
# rewind.signals; the rollback is shown phase by phase until it is verified.
# With "tier2" as argument: a tier-2 incident that waits for a tech lead's authorization instead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEMO="$ROOT/.rewind/demo"
token() { "$ROOT/rewind" token "$@"; }
PUBLISHER=$(token signal-publisher prometheus)
READER=$(token analyst demo-analyst)

signal() { # signal METRIC VALUE OBSERVED_AT
  curl -fsS -H "Authorization: Bearer $PUBLISHER" -H 'Content-Type: application/json' http://127.0.0.1:8081/api/v1/signals \
    -d "{\"deployment\":\"ai-engineering-workflow\",\"version\":\"2.0.0\",\"metric\":\"$1\",\"value\":$2,\"observedAt\":\"$3\"}"
}
field() { grep -o "\"$1\":\"\\{0,1\\}[^\",}]*" | head -1 | sed "s/\"$1\":\"\\{0,1\\}//"; }

if [ "${1:-}" = "tier2" ]; then
  out=$(signal users_blocked 8 "$(date -u +%FT%TZ)")
  id=$(echo "$out" | field incidentId)
  echo "[demo] tier-2 incident $id: $out"
  echo "[demo] it waits for a lead. Authorize it as a tech lead with:"
  echo "  curl -H \"Authorization: Bearer \$(./rewind token tech-lead alice)\" -H 'Content-Type: application/json' \\"
  echo "    http://127.0.0.1:8081/api/v1/incidents/$id/authorizations \\"
  echo "    -d '{\"decision\":\"APPROVE\",\"criticalIssue\":\"8 users blocked\",\"usersAffected\":8,\"dataImpact\":\"NONE\",\"severity\":\"MAJOR\",\"dataLossAccepted\":false}'"
  exit 0
fi

echo "[demo] publishing a workflow failure rate of 25% observed every minute for 5 minutes"
for minutes_ago in 5 4 3 2 1 0; do
  out=$(signal workflow_failure_rate 0.25 "$(date -u -d "-$minutes_ago min" +%FT%TZ)")
  echo "[demo]   observed $minutes_ago min ago -> $(echo "$out" | grep -o '"tier":[0-9]*,"events":\[[^]]*\]')"
done
id=$(echo "$out" | field incidentId)
echo "[demo] incident $id"

last=""
for _ in $(seq 1 240); do
  state=$(curl -fs -H "Authorization: Bearer $READER" "http://127.0.0.1:8082/api/v1/rollbacks/$id" || true)
  if [ -n "$state" ]; then
    status=$(echo "$state" | field status)
    steps=$(echo "$state" | grep -o '"step":"[^"]*","status":"[^"]*"' | sed 's/"step":"\([^"]*\)","status":"\([^"]*\)"/\1 \2/' | tr '\n' ','  || true)
    line="rollback $status | $steps"
    [ "$line" != "$last" ] && echo "[demo] $line" && last=$line
    case "$status" in COMPLETED|FAILED) break ;; esac
  fi
  sleep 0.5
done
echo
echo "[demo] restored version: $(grep version: "$DEMO/srv/ai-engineering-workflow/config.yaml")"
echo "[demo] broken version archived: $(ls -t "$DEMO"/backups/*broken*.tar.gz 2>/dev/null | head -1)"
echo "[demo] diagnostics: $(ls -td "$DEMO"/diagnostics/rollback-* 2>/dev/null | head -1)"
sleep 2
echo "[demo] what people were told (notifier-service delivery log; the messages are in $DEMO/inbox):"
curl -fs -H "Authorization: Bearer $READER" "http://127.0.0.1:8084/api/v1/notifications?incident=$id" \
  | grep -o '"eventType":"[^"]*","recipient":"[^"]*","channel":"[^"]*","pagerAction":[^,]*,"subject":"[^"]*","status":"[^"]*"' \
  | sed 's/"eventType":"\([^"]*\)","recipient":"\([^"]*\)","channel":"\([^"]*\)","pagerAction":\([^,]*\),"subject":"\([^"]*\)","status":"\([^"]*\)"/[demo]   \1 -> \3 \2: \6  "\5"/' || true
echo "[demo] the timeline page:  http://127.0.0.1:8081/incidents/$id#token=$READER"
echo "[demo] the post-mortem:     curl -H \"Authorization: Bearer \$(./rewind token analyst)\" http://127.0.0.1:8081/api/v1/incidents/$id/postmortem"
echo "[demo] the incident's event stream: curl -H \"Authorization: Bearer \$(./rewind token analyst)\" http://127.0.0.1:8081/api/v1/incidents/$id/events"
echo "[demo] a tier-2 incident that waits for a tech lead: ./demo/run.sh tier2"
