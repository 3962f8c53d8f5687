#!/usr/bin/env bash
# Runs the browser tests: starts the portal (in memory, free ports) with the given dev binary,
# waits until it serves, runs web/e2e against it with Debian's chromium, and stops it.
set -euo pipefail
dev=${1:?usage: infra/e2e.sh path/to/portal-dev}
# shellcheck source=infra/devportal.sh
. "$(dirname "$0")/devportal.sh"
# The demo staff's password, for the console tests.
DEMO_PASSWORD=${DEMO_PASSWORD:-"e2e demo passphrase $(date +%s)"}
export DEMO_PASSWORD
start_portal "$dev"
PORTAL_URL=$url
export PORTAL_URL
# The SES emulator's inbox and the demo customer, from the lines the portal prints once it serves.
SES_URL=$(sed -n 's/^ *Email inbox: *//p' "$tmp/dev.log" | head -n 1)
DEMO_CUSTOMER_EMAIL=$(sed -n 's/^ *Customer login: *\([^ ]*\) .*/\1/p' "$tmp/dev.log" | head -n 1)
export SES_URL DEMO_CUSTOMER_EMAIL
echo "browser tests against $PORTAL_URL"
status=0
(cd web && npm run --silent e2e) || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- portal log" >&2
  tail -n 50 "$tmp/dev.log" >&2
fi
check_iam || status=1
exit "$status"
