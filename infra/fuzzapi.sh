#!/usr/bin/env bash
# API fuzzing: starts the portal (in memory, free ports) with the given dev binary, signs in as
# the demo staff admin and as the demo customer, and runs Schemathesis from docs/openapi.yaml
# against it with both session cookies and the CSRF header. Stops the portal afterwards.
#
#   infra/fuzzapi.sh path/to/portal-dev path/to/schemathesis [extra schemathesis options]
#
# FUZZ_API_EXAMPLES (default 10) bounds the examples per operation, FUZZ_API_SEED (default 1)
# fixes the seed and FUZZ_API_PHASES (default examples,coverage,fuzzing) picks the phases, so a
# run is repeatable. FUZZ_API_REPORT names a folder for Schemathesis' JUnit and NDJSON reports.
set -euo pipefail
dev=${1:?usage: infra/fuzzapi.sh path/to/portal-dev path/to/schemathesis [options]}
schemathesis=${2:?usage: infra/fuzzapi.sh path/to/portal-dev path/to/schemathesis [options]}
shift 2
examples=${FUZZ_API_EXAMPLES:-10}
seed=${FUZZ_API_SEED:-1}
phases=${FUZZ_API_PHASES:-examples,coverage,fuzzing}
# shellcheck source=infra/devportal.sh
. "$(dirname "$0")/devportal.sh"
DEMO_PASSWORD=${DEMO_PASSWORD:-"fuzz demo passphrase $(date +%s)"}
export DEMO_PASSWORD
start_portal "$dev"
staff_email=$(sed -n 's/^ *Staff login: *\([^ ]*\) .*/\1/p' "$tmp/dev.log" | head -n 1)
customer_email=$(sed -n 's/^ *Customer login: *\([^ ]*\) .*/\1/p' "$tmp/dev.log" | head -n 1)
[ -n "$staff_email" ] && [ -n "$customer_email" ] || { echo "no demo logins in the portal's log" >&2; cat "$tmp/dev.log" >&2; exit 1; }

# login PATH EMAIL COOKIE prints the value of the session cookie COOKIE that PATH sets.
login() {
  local body
  body=$(EMAIL=$2 PASSWORD=$DEMO_PASSWORD python3 -c 'import json, os; print(json.dumps({"email": os.environ["EMAIL"], "password": os.environ["PASSWORD"]}))')
  curl -sS -o /dev/null -D - -X POST "$url$1" -H 'Content-Type: application/json' -H 'X-Requested-With: portal' --data "$body" |
    tr -d '\r' | sed -n "s/^[Ss]et-[Cc]ookie: *$3=\([^;]*\).*/\1/p" | head -n 1
}
staff=$(login /api/admin/login "$staff_email" __Host-staff)
portal=$(login /api/p/acme/login "$customer_email" __Host-portal)
[ -n "$staff" ] || { echo "the demo staff admin could not sign in" >&2; exit 1; }
[ -n "$portal" ] || { echo "the demo customer could not sign in" >&2; exit 1; }

# Realistic path parameters (infra/schemathesis.toml): the portal's slug, a module the demo
# customer has a tab for (one they may create and edit in, else the last; the first is their own
# record), so the requests reach past the 404 of an unknown module.
FUZZ_PORTAL_SLUG=acme
FUZZ_PORTAL_MODULE=$(curl -sS "$url/api/me/tabs" -H "Cookie: __Host-portal=$portal" | python3 -c '
import json, sys
d = json.load(sys.stdin)
tabs = d["tabs"]
rich = [t for t in tabs[1:] if t["permissions"]["create"] and t["permissions"]["edit"]]
print((rich or tabs[-1:])[0]["module"])')
# A record of that module the customer sees, for the portal's record routes, and another one
# (when there is one) for the staff's, whose DELETE would otherwise take the first away.
ids() { python3 -c 'import json, sys; print(" ".join(i["id"] for i in json.load(sys.stdin).get("items", [])))'; }
portal_ids=$(curl -sS "$url/api/records/$FUZZ_PORTAL_MODULE?limit=1" -H "Cookie: __Host-portal=$portal" | ids)
staff_ids=$(curl -sS "$url/api/admin/records/$FUZZ_PORTAL_MODULE?limit=5" -H "Cookie: __Host-staff=$staff" | ids)
FUZZ_PORTAL_RECORD=${portal_ids%% *}
FUZZ_STAFF_RECORD=$(for id in $staff_ids; do [ "$id" != "$FUZZ_PORTAL_RECORD" ] && echo "$id" && break; done || true)
FUZZ_PORTAL_RECORD=${FUZZ_PORTAL_RECORD:-none}
FUZZ_STAFF_RECORD=${FUZZ_STAFF_RECORD:-$FUZZ_PORTAL_RECORD}
export FUZZ_PORTAL_SLUG FUZZ_PORTAL_MODULE FUZZ_PORTAL_RECORD FUZZ_STAFF_RECORD

report=()
if [ -n "${FUZZ_API_REPORT:-}" ]; then
  mkdir -p "$FUZZ_API_REPORT"
  report=(--report junit,ndjson --report-dir "$FUZZ_API_REPORT")
fi

# The cookies are __Host- cookies (Secure) and the portal is plain http://localhost, so they go
# as a raw Cookie header rather than through a cookie jar. Both sessions at once: staff routes
# read __Host-staff, portal routes __Host-portal.
#
# Left out, because they would end or change the sessions the rest of the run depends on:
#   POST /api/logout                              ends both sessions
#   DELETE /api/admin/portal-users/{id}           erases a portal user (the demo customer)
#   POST /api/admin/portal-users/{id}/{action}    deactivate / change-type end the customer's sessions
#   DELETE /api/admin/user-types/{id}             would take the demo customer's type away
# The password resets (POST /api/admin/password-reset/{token}, /api/password-reset/{token}) stay
# in: their token is only ever emailed, so a generated one never changes a password.
echo "schemathesis against $url (module $FUZZ_PORTAL_MODULE, records $FUZZ_PORTAL_RECORD and $FUZZ_STAFF_RECORD; $examples examples per operation, seed $seed, phases $phases)"
status=0
"$schemathesis" --config-file infra/schemathesis.toml --no-color run docs/openapi.yaml --url "$url" \
  -H "Cookie: __Host-staff=$staff; __Host-portal=$portal" \
  -H "X-Requested-With: portal" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --max-examples "$examples" --seed "$seed" --phases "$phases" \
  --exclude-operation-id logout \
  --exclude-operation-id erasePortalUser \
  --exclude-operation-id portalUserAction \
  --exclude-operation-id deleteUserType \
  --suppress-health-check all --generation-with-security-parameters false \
  "${report[@]}" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- portal errors" >&2
  grep -v '"level":"INFO"' "$tmp/dev.log" | tail -n 50 >&2
fi
check_iam || status=1
exit "$status"
