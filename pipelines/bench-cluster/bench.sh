#!/usr/bin/env bash
# Cluster benchmark: runs pipelines/bench-cluster/pipeline.yaml (four independent students) with
# its stages placed on ONE worker, then on TWO, each worker with one CPU slot and one libtorch
# intra-op thread, all on 127.0.0.1. Prints the pipeline's wall time in both cases (run.json
# created-at -> end, so JVM and cluster start-up are left out), their ratio, and per stage the
# dispatch overhead: from the coordinator sending the job to learning its end, less the stage's
# own time and the worker's one-off set-up of the run (reading the pipeline, loading the data).
#   pipelines/bench-cluster/bench.sh
# Workers run with WORKER_JAVA_OPTS (default -XX:+UseSerialGC: one GC thread, as fits a worker per
# core). For scale, it first measures what this machine gives two independent one-thread trainings
# at once (`distillery bench`, LeNet-5, alone and two at a time).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WORK="$(mktemp -d /tmp/distillery-bench-cluster.XXXXXX)"
PIDS=()
cleanup() { for pid in "${PIDS[@]:-}"; do kill -9 "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

./distillery validate pipelines/bench-cluster/pipeline.yaml >/dev/null

run_case() {
  local workers="$1" coordinator_port ports=() members
  coordinator_port="$(free_port)"
  members="127.0.0.1:$coordinator_port"
  for ((i = 1; i <= workers; i++)); do ports+=("$(free_port)"); members+=",127.0.0.1:${ports[-1]}"; done
  PIDS=()
  for ((i = 1; i <= workers; i++)); do
    DISTILLERY_JAVA_OPTS="${WORKER_JAVA_OPTS--XX:+UseSerialGC}" ./distillery worker --name "bench-w$i" --cluster-port "${ports[$((i - 1))]}" --cluster-members "$members" \
      --cpu-slots 1 --threads 1 --metrics-port -1 --log-file "$WORK/worker-$workers-$i.full.log" \
      >"$WORK/worker-$workers-$i.log" 2>&1 &
    PIDS+=("$!")
  done
  for ((i = 1; i <= workers; i++)); do
    for _ in $(seq 1 120); do grep -q "joined the cluster" "$WORK/worker-$workers-$i.log" && break; sleep 1; done
    grep -q "joined the cluster" "$WORK/worker-$workers-$i.log" || { cat "$WORK/worker-$workers-$i.log"; exit 1; }
  done
  ./distillery run --cluster-port "$coordinator_port" --cluster-members "$members" \
    --runs-dir "$WORK/runs-$workers" --metrics-port -1 -q pipelines/bench-cluster/pipeline.yaml \
    >"$WORK/coordinator-$workers.log" 2>&1 || { cat "$WORK/coordinator-$workers.log"; exit 1; }
  cleanup
  sleep 2
}

echo "distillery bench-cluster: 4 independent students; $(nproc) cores; logs in $WORK"
raw() { DISTILLERY_JAVA_OPTS="-Dai.djl.pytorch.num_threads=1 ${WORKER_JAVA_OPTS--XX:+UseSerialGC}" \
  ./distillery bench --student lenet5 --steps 200 2>/dev/null | sed -n 's/^throughput: \([0-9]*\) images.*/\1/p'; }
alone="$(raw)"
raw >"$WORK/raw-b.txt" & other=$!
pair_a="$(raw)"; wait "$other"; pair_b="$(cat "$WORK/raw-b.txt")"
python3 -c "print(f'machine: one-thread LeNet-5 training alone {$alone} images/s; two at once {$pair_a} + {$pair_b}: {($pair_a + $pair_b) / $alone:.2f}x')"
run_case 1
run_case 2
python3 - "$WORK" <<'PY'
import json, sys, glob, statistics
from datetime import datetime
work = sys.argv[1]
def stamp(s): return datetime.fromisoformat(s.replace("Z", "+00:00"))
walls, overheads, accepts = {}, [], []
for n in (1, 2):
    run = glob.glob(f"{work}/runs-{n}/bench-cluster/*")[0]
    state = json.load(open(f"{run}/run.json"))
    walls[n] = (stamp(state["updated-at"]) - stamp(state["created-at"])).total_seconds()
    for line in open(f"{run}/metrics.jsonl"):
        r = json.loads(line)
        if r["event"] == "job_ended":
            overheads.append(r["dispatch_overhead_ms"])
        if r["event"] == "placed":
            accepts.append(r["accept_ms"] - r["run_setup_ms"])
    workers = sorted({json.loads(l).get("worker") for l in open(f"{run}/metrics.jsonl") if '"placed"' in l})
    print(f"{n} worker{'s' if n > 1 else ' '}: {walls[n]:7.1f} s wall for 4 stages (workers used: {', '.join(workers)})")
print(f"ratio 1 worker / 2 workers: {walls[1] / walls[2]:.2f}x (aim >= 1.8x)")
print(f"dispatch overhead per stage: median {statistics.median(overheads):.1f} ms, max {max(overheads):.1f} ms"
      f" over {len(overheads)} stages (aim < 100 ms); job accepted after {statistics.median(accepts):.1f} ms (median)")
PY
