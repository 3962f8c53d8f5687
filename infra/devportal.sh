# Sourced by infra/e2e.sh and infra/fuzzapi.sh, which run a suite against the portal.
#
# start_portal DEV starts the portal in memory on free ports with the dev binary DEV (its
# output in $tmp/dev.log), stops it and removes $tmp when the script exits, and waits until it
# serves and has printed its demo logins; then $url is the portal's URL.
start_portal() {
  tmp=$(mktemp -d)
  "$1" -memory -port 0 -url-file "$tmp/url" >"$tmp/dev.log" 2>&1 &
  pid=$!
  trap stop_portal EXIT
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
  url=$(cat "$tmp/url")
  for _ in $(seq 1 100); do
    grep -q "Customer login:" "$tmp/dev.log" && break
    sleep 0.1
  done
}

stop_portal() {
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$tmp"
}

# check_iam fails (status 1, with the calls) when the IAM guard denied a call in the portal's
# log: such a call fails on AWS, even where the answer hid it (an audit write).
check_iam() {
  if grep -q '"msg":"IAM: ' "$tmp/dev.log"; then
    echo "FAIL: the IAM guard denied calls (fix the function's Policies in template.yaml or its stack in stacks/, or the code):" >&2
    grep '"msg":"IAM: ' "$tmp/dev.log" | sort | uniq -c | head -n 20 >&2
    return 1
  fi
}
