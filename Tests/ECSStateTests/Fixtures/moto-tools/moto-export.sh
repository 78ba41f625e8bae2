#!/usr/bin/env bash
# Runs Scripts/export-ecs-state (real aws CLI) against a local moto server seeded by seed_moto.py.
#   moto-export.sh OUTDIR
# Exit 77 (skip) with a message when python3, moto, boto3 or aws are missing.
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
out=${1:?usage: moto-export.sh OUTDIR}

for tool in python3 aws curl; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool is not installed" >&2; exit 77; }
done
python3 -c 'import moto.server, boto3' 2>/dev/null || { echo "SKIP: python3 modules moto[server]/boto3 are not importable" >&2; exit 77; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp "${TMPDIR:-/tmp}/moto.XXXXXX.log")
MOTO_ECS_SERVICE_RUNNING=1 python3 -m moto.server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
# moto.server's SIGTERM handler does not always end the process (request threads keep it alive):
# ask, give it a moment, then SIGKILL, so a finished run never leaves a server behind.
stop_moto() {
    kill "$moto_pid" 2>/dev/null || return 0
    for _ in 1 2 3 4 5; do kill -0 "$moto_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$moto_pid" 2>/dev/null
    wait "$moto_pid" 2>/dev/null
    rm -f "$log"
}
trap stop_moto EXIT

export AWS_ENDPOINT_URL=http://127.0.0.1:$port AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
# moto answers DescribeAlarmHistory with HTTP 500: one attempt, not the CLI's backed-off retries.
export AWS_MAX_ATTEMPTS=1
for _ in $(seq 1 100); do
    curl -s -o /dev/null "$AWS_ENDPOINT_URL/moto-api/" && break
    kill -0 $moto_pid 2>/dev/null || { echo "moto server exited:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
done
python3 "$here/seed_moto.py" >"$out.seed.json" || { echo "seeding moto failed" >&2; exit 1; }
"$root/Scripts/export-ecs-state" --cluster ipfs-cluster --region us-east-1 --dir "$out" --logs-dir "$out.logs"
