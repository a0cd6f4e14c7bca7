#!/usr/bin/env bash
# deadline.sh SECONDS COMMAND...: runs COMMAND; past SECONDS, every process under it prints its
# threads' backtraces (SIGQUIT; Swift's backtracer, fast symbols) and is then killed, and the exit
# status is 124. `swift test` starts the test binary in a process group of its own, which
# coreutils' timeout would leave running: a hung test must fail in time and say where it hung.
set -u
seconds=$1
shift
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-symbolicate=fast}"
"$@" &
main=$!

descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1"); do
    echo "$child"
    descendants "$child"
  done
}

for ((waited = 0; waited < seconds; waited++)); do
  if ! kill -0 "$main" 2>/dev/null; then
    wait "$main"
    exit $?
  fi
  sleep 1
done
echo "deadline.sh: '$*' still running after $seconds s; backtraces follow" >&2
# The deepest first: the test binary prints its threads before its parent goes.
pids=$(descendants "$main" | tac)
kill -QUIT $pids 2>/dev/null
for ((waited = 0; waited < 60; waited++)); do
  alive=0
  for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
  ((alive)) || break
  sleep 1
done
kill -KILL $pids "$main" 2>/dev/null
wait "$main" 2>/dev/null
exit 124
