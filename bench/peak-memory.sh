#!/usr/bin/env bash
# Runs a command in a session of its own and prints the peak of the summed
# resident memory of every process in it (sampled each second), e.g.
#   bench/peak-memory.sh make test
# The sum counts shared pages once per process, so it is an upper bound.
set -u
log="${PEAK_MEMORY_LOG:-/dev/null}"
setsid "$@" > >(tee "$log") 2>&1 &
pid=$!
sleep 0.5
sid=$(ps -o sid= -p "$pid" | tr -d ' ')
peak=0
while kill -0 "$pid" 2>/dev/null; do
  cur=$(ps -eo sid=,rss= | awk -v s="$sid" '$1==s {t+=$2} END {print t+0}')
  [ "$cur" -gt "$peak" ] && peak=$cur
  sleep 1
done
wait "$pid"
rc=$?
echo "peak_rss_mb=$((peak / 1024)) exit=$rc command=$*"
exit $rc
