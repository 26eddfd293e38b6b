#!/usr/bin/env bash
# Serves the demo with gunicorn (2 workers, as production would) and loads it from 127.0.0.1 with
# wrk: a bare Django view, the plain Wagtail home page, the trainee's Dasbor and a lesson page, in
# one run. CPU per request comes from the workers' own counters (/proc/<pid>/stat, user + system),
# so the load generator's CPU is not counted; ratios are against the plain Wagtail page.
#
#   bench/serve.sh [seconds-per-page] [connections]
#
# Needs wrk (apt-get install wrk; installed here when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-4}
port=${SELARAS_BENCH_PORT:-8799}
py=.venv/bin/python
work=$(mktemp -d)
master=""
cleanup() { [ -n "$master" ] && kill "$master" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is needed: apt-get install wrk" >&2; exit 1
  fi
fi

export SELARAS_VAR_DIR="$work" DJANGO_DEBUG=0 DJANGO_LOG_LEVEL=WARNING \
  DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SETTINGS_MODULE=lms.settings
export DATABASE_URL="${DATABASE_URL:-sqlite:///$work/bench.sqlite3}"
unset REDIS_URL || true
mkdir -p "$work/celery/queue" "$work/celery/processed" "$work/celery/control"

echo "setting up the demo in $work ..." >&2
$py manage.py migrate --noinput -v0
CELERY_TASK_ALWAYS_EAGER=1 $py manage.py load_demo >/dev/null
# A signed-in trainee: a session cookie, and the lesson he is working on.
read -r cookie lesson < <($py - <<'EOF'
import django
django.setup()
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
from cms.models import LessonPage
from lms.models import User
user = User.objects.get(email="peserta@selaras.test")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
lesson = (
    LessonPage.objects.live()
    .filter(progress__participant__user=user, progress__completed_at__isnull=True)
    .first()
    or LessonPage.objects.live().first()
)
print(session.session_key, lesson.url)
EOF
)

.venv/bin/gunicorn lms.wsgi --no-control-socket --workers 2 --bind "127.0.0.1:$port" \
  --log-level warning --pid "$work/gunicorn.pid" &
master=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz/"; do sleep 0.2; done
workers=$(pgrep -P "$master" | tr '\n' ' ')
ticks=$(getconf CLK_TCK)

cpu_ticks() {  # user + system ticks of the gunicorn workers
  local total=0 pid fields
  for pid in $workers; do
    read -r -a fields < "/proc/$pid/stat"
    total=$(( total + fields[13] + fields[14] ))
  done
  echo "$total"
}

measure() {  # label path [cookie]
  local label=$1 path=$2 header=() url="http://127.0.0.1:$port$2"
  [ -n "${3:-}" ] && header=(-H "Cookie: sessionid=$3; selaras_language=id")
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' "${header[@]}" "$url")
  [ "$status" = 200 ] || { echo "$label: $path answered $status" >&2; exit 1; }
  for _ in $(seq 30); do curl -s -o /dev/null "${header[@]}" "$url"; done
  local before after out requests
  before=$(cpu_ticks)
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "${header[@]}" "$url")
  after=$(cpu_ticks)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  local rps p50
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  python3 - "$label" "$requests" "$((after - before))" "$ticks" "$rps" "$p50" <<'EOF'
import sys
label, requests, used, ticks, rps, p50 = sys.argv[1:]
cpu_ms = int(used) * 1000 / int(ticks) / max(int(requests), 1)
print(f"{label}\t{cpu_ms:.3f}\t{float(rps):.0f}\t{p50}\t{requests}")
EOF
}

{
  measure "bare Django view" /healthz/
  measure "plain Wagtail page" /
  measure "Dasbor (trainee)" /dasbor/ "$cookie"
  measure "lesson page (trainee)" "$lesson" "$cookie"
} > "$work/results.tsv"

echo "gunicorn 2 workers, wrk -c$connections for ${seconds} s per page; CPU = workers' user+system"
python3 - "$work/results.tsv" <<'EOF'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
base = float(next(r for r in rows if r[0] == "plain Wagtail page")[1])
print(f"{'page':26} {'CPU ms/req':>11} {'req/s':>8} {'p50':>9} {'requests':>9} {'x Wagtail':>10}")
for label, cpu, rps, p50, requests in rows:
    print(f"{label:26} {float(cpu):11.3f} {rps:>8} {p50:>9} {requests:>9} {float(cpu) / base:10.2f}")
EOF
