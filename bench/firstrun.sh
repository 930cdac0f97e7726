#!/usr/bin/env bash
# bench/firstrun.sh — how long `make run` takes to its first answer, as a new
# user meets it: start it, open the login link it prints, ask a query with
# the session that gives. Prints the seconds, the log's size and the load
# average, then stops the server as Ctrl-C does (SIGINT to make run's process
# group; Neo4j, started in the background, ignores it and keeps running:
# `make stop` stops it).
#
#   bench/firstrun.sh            run from a clone; the environment is make run's
#                                (NEO4J_DATA_DIR, NEO4J_BOLT_PORT, IOGRAPH_ADDR, …)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
addr=${IOGRAPH_ADDR:-127.0.0.1:8080}
log=$(mktemp) jar=$(mktemp)
t0=$(date +%s.%N)
setsid make run >"$log" 2>&1 &
pid=$!
trap 'kill -INT -- -$pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$jar"' EXIT
until link=$(grep -o 'http://[^ ]*/login?token=[^ ]*' "$log"); do
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "firstrun: make run exited" >&2; exit 1; }
  sleep 0.2
done
curl -sSf -c "$jar" -o /dev/null "$link"
answer=$(curl -sSf -b "$jar" "http://$addr/graphql?query=%7Bstats%7Bnodes%7Blabel%20count%7D%7D%7D")
t1=$(date +%s.%N)
[[ $answer == '{"data":'* ]] || { echo "firstrun: no data: $answer" >&2; exit 1; }
echo "first answer after $(awk "BEGIN{printf \"%.1f\", $t1 - $t0}") s; make run's log: $(wc -l <"$log") lines ($log); $(uptime | sed 's/.*load/load/')"
