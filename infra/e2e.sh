#!/usr/bin/env bash
# Runs the browser tests: starts the portal (in memory, free ports) with the given dev binary,
# waits until it serves, runs web/e2e against it with Debian's chromium, and stops it.
set -euo pipefail
dev=${1:?usage: infra/e2e.sh path/to/portal-dev}
tmp=$(mktemp -d)
# The demo staff's password, for the console tests.
DEMO_PASSWORD=${DEMO_PASSWORD:-"e2e demo passphrase $(date +%s)"}
export DEMO_PASSWORD
"$dev" -memory -port 0 -url-file "$tmp/url" >"$tmp/dev.log" 2>&1 &
pid=$!
cleanup() {
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
for _ in $(seq 1 600); do
  [ -s "$tmp/url" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the portal did not start:" >&2
    cat "$tmp/dev.log" >&2
    exit 1
  fi
  sleep 0.1
done
[ -s "$tmp/url" ] || { echo "the portal did not serve within 60 s" >&2; cat "$tmp/dev.log" >&2; exit 1; }
PORTAL_URL=$(cat "$tmp/url")
export PORTAL_URL
# The SES emulator's inbox and the demo customer, from the lines the portal prints once it serves.
for _ in $(seq 1 100); do
  grep -q "Customer login:" "$tmp/dev.log" && break
  sleep 0.1
done
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
# A call the IAM guard denied fails on AWS, even where the answer hid it (an audit write).
if grep -q '"msg":"IAM: ' "$tmp/dev.log"; then
  echo "FAIL: the IAM guard denied calls (fix the function's Policies in template.yaml or the code):" >&2
  grep '"msg":"IAM: ' "$tmp/dev.log" | sort | uniq -c | head -n 20 >&2
  status=1
fi
exit "$status"
