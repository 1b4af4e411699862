#!/usr/bin/env bash
# `make test`: every step runs, even after a failure, so one run shows all
# problems; the last line is the summary and the exit code is non-zero when
# any step failed. Step logs: .test-results/<step>.log
set -uo pipefail
cd "$(dirname "$0")/.."

steps=(tsc lint format-check test-unit test-integration test-e2e)
results=()
failed=0
mkdir -p .test-results

# Debian packages the suite needs (.ci/run installs them on a fresh machine)
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> missing: ${missing[*]}; the steps that need them will fail." \
    "Install them: apt-get update && apt-get install -y ${missing[*]}"
fi
suite_start=$(date +%s)

for step in "${steps[@]}"; do
  echo
  echo "==> make $step"
  start=$(date +%s)
  make --no-print-directory "$step" 2>&1 | tee ".test-results/$step.log"
  status=${PIPESTATUS[0]}
  took=$(( $(date +%s) - start ))
  if [ "$status" -eq 0 ]; then
    results+=("ok    $step (${took}s)")
  else
    results+=("FAIL  $step (${took}s, log: .test-results/$step.log)")
    failed=$((failed + 1))
  fi
done

echo
echo "==> Summary"
printf '  %s\n' "${results[@]}"
total=$(( $(date +%s) - suite_start ))
if [ "$failed" -eq 0 ]; then
  echo "make test: all ${#steps[@]} steps passed in ${total}s"
else
  echo "make test: $failed of ${#steps[@]} steps FAILED in ${total}s"
  exit 1
fi
