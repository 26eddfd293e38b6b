#!/usr/bin/env bash
# Times a fresh clone's `make run` (until the site answers), a second `make run`, and
# `make test`, and prints the test summary. Usage: bench/setup_times.sh [repo]
set -euo pipefail
repo=$(realpath "${1:-$(dirname "$0")/..}")
work=$(mktemp -d)
port=${SELARAS_BENCH_PORT:-8765}
run_pid=""
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$(now) - $1:.1f}')"; }
stop_run() { [ -n "$run_pid" ] && kill -INT -- "-$run_pid" 2>/dev/null; wait "$run_pid" 2>/dev/null || true; run_pid=""; }
trap 'stop_run; rm -rf "$work"' EXIT

serve() {  # start `make run` in its own process group and wait until the home page answers
  set -m
  SELARAS_PORT=$port make run >"$1" 2>&1 &
  run_pid=$!
  set +m
  until curl -fs -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; do
    kill -0 "$run_pid" 2>/dev/null || { cat "$1"; exit 1; }
    sleep 0.2
  done
}

git clone -q "$repo" "$work/selaras"
cd "$work/selaras"

t=$(now); serve "$work/run1.log"; first=$(elapsed "$t")
curl -fsS "http://127.0.0.1:$port/akun/login/" | grep -q 'name="login"'
stop_run
grep -q "peserta@selaras.test" "$work/run1.log" || { echo "demo accounts were not printed"; exit 1; }

t=$(now); serve "$work/run2.log"; second=$(elapsed "$t"); stop_run
grep -q "peserta@selaras.test" "$work/run2.log" || { echo "second run did not print the accounts"; exit 1; }
if grep -q "Applying \|load_demo" "$work/run2.log"; then echo "second run migrated or reloaded"; exit 1; fi
lines1=$(wc -l < "$work/run1.log"); lines2=$(wc -l < "$work/run2.log")

t=$(now)
make test >"$work/test.log" 2>&1 || { tail -n 60 "$work/test.log"; exit 1; }
tested=$(elapsed "$t")

echo "fresh clone -> make run serving: ${first} s"
echo "second make run serving:         ${second} s"
echo "console lines until serving:     ${lines1} (first), ${lines2} (second)"
echo "make test (venv already built):  ${tested} s  [$(tail -n 1 "$work/test.log" | tr -d '=')]"
