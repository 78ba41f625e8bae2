#!/usr/bin/env python3
"""Turns a moto export of the 3-AZ ipfs-cluster deployment (made by moto-export.sh with the real aws
CLI) into what real ECS would print, filling in what moto leaves out (reference ecs-state.md, sec. 6):
times, AZ, capacity providers, both containers with exit codes/health/runtime ids, stop codes, task
versions, 32-hex task ids, IPs inside the subnets, service events and capacity provider strategies.
Adds a FARGATE_SPOT task of node 3 stopped by SpotInterruption, and writes describe-tasks split per
service plus an older overlapping copy of one task (lower version) to exercise merging.

  enrich.py MOTO_DIR OUT_DIR [--iso TZ_OFFSET_MINUTES]   (default: CLI v1 epoch-float timestamps)
"""
import copy, datetime, glob, json, os, sys

src, dst = sys.argv[1], sys.argv[2]
iso_offset = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--iso" else None
os.makedirs(dst, exist_ok=True)
load = lambda name: json.load(open(os.path.join(src, name)))
T0 = 1795236000.0  # 2026-11-21T04:40:00Z
ACCT, REGION, STACK = "123456789012", "us-east-1", "ipfs-cluster"
CLUSTER_ARN = "arn:aws:ecs:%s:%s:cluster/%s" % (REGION, ACCT, STACK)
TG_API = "arn:aws:elasticloadbalancing:%s:%s:targetgroup/%s-nodes-api/ab85f177a1ce4440" % (REGION, ACCT, STACK)
TS_KEYS = {"createdAt", "updatedAt", "startedAt", "stoppedAt", "stoppingAt", "executionStoppedAt",
           "pullStartedAt", "pullStoppedAt", "connectivityAt", "registeredAt", "lastStartedAt"}

def ts(offset):
    return round(T0 + offset, 3)

def fmt_times(obj):
    """CLI v2 style: ISO 8601 in the exporting machine's zone, microseconds, fraction dropped when 0."""
    if isinstance(obj, dict):
        return {k: (iso(v) if k in TS_KEYS and isinstance(v, (int, float)) else fmt_times(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [fmt_times(v) for v in obj]
    return obj

def iso(seconds):
    tz = datetime.timezone(datetime.timedelta(minutes=iso_offset))
    return datetime.datetime.fromtimestamp(seconds, tz).isoformat()

def write(name, doc):
    if iso_offset is not None:
        doc = fmt_times(doc)
    with open(os.path.join(dst, name), "w") as f:
        json.dump(doc, f, indent=4, ensure_ascii=False)
        f.write("\n")

tasks = load("describe-tasks.json")["tasks"]
services = load("describe-services.json")["services"]

def node_of(group):
    return "abc".index(group[-1]) + 1

def shape_task(t, *, n, ip, cp, start, stop=None, version, stop_code=None, reason=None,
               exits=None, health="HEALTHY", container_reasons=None):
    t = copy.deepcopy(t)
    old_id = t["taskArn"].rsplit("/", 1)[1]
    tid = old_id.replace("-", "")
    t["taskArn"] = "arn:aws:ecs:%s:%s:task/%s/%s" % (REGION, ACCT, STACK, tid)
    az = "us-east-1" + "abc"[n - 1]
    t.update({"availabilityZone": az, "capacityProviderName": cp, "cpu": "1024", "memory": "2048",
              "platformFamily": "Linux", "version": version, "enableExecuteCommand": True,
              "connectivity": "CONNECTED", "connectivityAt": ts(start - 40), "createdAt": ts(start - 60),
              "pullStartedAt": ts(start - 35), "pullStoppedAt": ts(start - 12), "startedAt": ts(start),
              "healthStatus": health, "attributes": [{"name": "ecs.cpu-architecture", "value": "x86_64"}],
              "ephemeralStorage": {"sizeInGiB": 20}, "overrides": {"containerOverrides": [{"name": "ipfs"}, {"name": "ipfs-cluster"}]}})
    t.pop("stoppedReason", None)
    for d in t["attachments"][0]["details"]:
        if d["name"] == "privateIPv4Address": d["value"] = ip
        if d["name"] == "privateDnsName": d["value"] = "ip-%s.ec2.internal" % ip.replace(".", "-")
    base = t["containers"][0]
    containers = []
    for k, (name, image) in enumerate([("ipfs", "ipfs/kubo:master-latest"), ("ipfs-cluster", "ipfs/ipfs-cluster:master-latest")]):
        c = {"containerArn": "arn:aws:ecs:%s:%s:container/%s/%s/%s" % (REGION, ACCT, STACK, tid, base["containerArn"].rsplit("/", 1)[1][:-1] + str(k)),
             "taskArn": t["taskArn"], "name": name, "image": image,
             "imageDigest": "sha256:" + ("0f3c" if k == 0 else "9ab1") * 16,
             "runtimeId": "%s-%d" % (tid, 1234567890 + k), "lastStatus": "RUNNING", "networkBindings": [],
             "networkInterfaces": [{"attachmentId": t["attachments"][0]["id"], "privateIpv4Address": ip}],
             "healthStatus": health, "managedAgents": [{"lastStartedAt": ts(start + 5), "name": "ExecuteCommandAgent", "lastStatus": "RUNNING"}],
             "cpu": "0", "memoryReservation": "512"}
        containers.append(c)
    t["containers"] = containers
    if stop is not None:
        t.update({"lastStatus": "STOPPED", "desiredStatus": "STOPPED", "stopCode": stop_code, "stoppedReason": reason,
                  "stoppingAt": ts(stop), "executionStoppedAt": ts(stop + 20), "stoppedAt": ts(stop + 45),
                  "connectivity": "DISCONNECTED"})
        t["attachments"][0]["status"] = "DELETED"
        for c, code in zip(containers, exits):
            c["lastStatus"] = "STOPPED"
            c["exitCode"] = code
            c["managedAgents"][0]["lastStatus"] = "STOPPED"
        for c, r in zip(containers, container_reasons or []):
            if r: c["reason"] = r
    else:
        t.update({"lastStatus": "RUNNING", "desiredStatus": "RUNNING"})
    return t

running = [t for t in tasks if t["lastStatus"] == "RUNNING"]
stopped = [t for t in tasks if t["lastStatus"] == "STOPPED"]
by_node = {node_of(t["group"]): t for t in running}
old2 = stopped[0]

out_tasks = {
    1: [shape_task(by_node[1], n=1, ip="10.0.0.104", cp="FARGATE", start=0, version=4)],
    2: [shape_task(by_node[2], n=2, ip="10.0.1.37", cp="FARGATE_SPOT", start=3300, version=5),
        shape_task(old2, n=2, ip="10.0.1.211", cp="FARGATE_SPOT", start=5, stop=3000, version=7,
                   stop_code="ServiceSchedulerInitiated", reason="Task failed ELB health checks in (target-group %s)" % TG_API,
                   exits=[0, 143], health="UNHEALTHY")],
}
# Node 3: the task that Spot interrupted, and its replacement (new id and IP, same peer on EFS).
spot_old = copy.deepcopy(by_node[3]); spot_old["taskArn"] = spot_old["taskArn"][:-12] + "5b0775eca1e1"
out_tasks[3] = [shape_task(by_node[3], n=3, ip="10.0.2.88", cp="FARGATE_SPOT", start=2500, version=4),
                shape_task(spot_old, n=3, ip="10.0.2.19", cp="FARGATE_SPOT", start=10, stop=2300, version=6,
                           stop_code="SpotInterruption", reason="Your Spot Task was interrupted.", exits=[137, 137],
                           health="UNKNOWN")]

for n, ts_list in out_tasks.items():
    write("describe-tasks-us-east-1%s.json" % "abc"[n - 1], {"tasks": ts_list, "failures": []})
# An older copy of node 2's stopped task (still STOPPING, lower version) from an overlapping export,
# plus a MISSING failure for a task stopped more than an hour ago.
older = copy.deepcopy(out_tasks[2][1])
older.update({"version": 6, "lastStatus": "STOPPING"}); older.pop("stoppedAt")
write("describe-tasks-overlap.json", {"tasks": [older], "failures": [{
    "arn": "arn:aws:ecs:%s:%s:task/%s/0badc0de0badc0de0badc0de0badc0d" % (REGION, ACCT, STACK), "reason": "MISSING"}]})

all_tasks = [t for ts_list in out_tasks.values() for t in ts_list]
write("list-tasks-running.json", {"taskArns": [t["taskArn"] for t in all_tasks if t["lastStatus"] == "RUNNING"]})
write("list-tasks-stopped.json", {"taskArns": [t["taskArn"] for t in all_tasks if t["lastStatus"] == "STOPPED"]})

for s in services:
    n = node_of(s["serviceName"])
    name = s["serviceName"]
    cp = "FARGATE" if n == 1 else "FARGATE_SPOT"
    s.pop("launchType", None)
    s["capacityProviderStrategy"] = [{"capacityProvider": cp, "weight": 1, "base": 1}]
    s.update({"createdAt": ts(-600), "createdBy": "arn:aws:iam::%s:role/cdk-exec" % ACCT, "platformFamily": "Linux",
              "healthCheckGracePeriodSeconds": 600, "enableExecuteCommand": True,
              "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": False, "rollback": False},
                                          "maximumPercent": 100, "minimumHealthyPercent": 0}})
    d = s["deployments"][0]
    d.pop("launchType", None); d["platformFamily"] = "Linux"
    d["capacityProviderStrategy"] = s["capacityProviderStrategy"]
    d.update({"createdAt": ts(-590), "updatedAt": ts(3400 if n == 2 else 2600 if n == 3 else 60)})
    cur = [t for t in out_tasks[n] if t["lastStatus"] == "RUNNING"][0]["taskArn"].rsplit("/", 1)[1]
    ev = [(-60, "has started 1 tasks: (task %s)." % out_tasks[n][-1]["taskArn"].rsplit("/", 1)[1]), (120, "has reached a steady state.")]
    if n == 2:
        ev += [(2900, "(port 9094) is unhealthy in (target-group %s) due to (reason Health checks failed with these codes: [503])." % TG_API),
               (3000, "has stopped 1 running tasks: (task %s)." % out_tasks[2][1]["taskArn"].rsplit("/", 1)[1]),
               (3240, "has started 1 tasks: (task %s)." % cur), (3500, "has reached a steady state.")]
    if n == 3:
        ev += [(2300, "has stopped 1 running tasks: (task %s)." % out_tasks[3][1]["taskArn"].rsplit("/", 1)[1]),
               (2310, "was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone."),
               (2440, "has started 1 tasks: (task %s)." % cur), (2700, "has reached a steady state.")]
    s["events"] = [{"id": "%08x-0000-4000-8000-%012x" % (n, k), "createdAt": ts(t), "message": "(service %s) %s" % (name, m)}
                   for k, (t, m) in sorted(enumerate(ev), key=lambda e: -e[1][0])]
write("describe-services.json", {"services": services, "failures": []})
write("list-services.json", load("list-services.json"))

clusters = load("describe-clusters.json")
c = clusters["clusters"][0]
c.update({"activeServicesCount": 3, "runningTasksCount": 3, "statistics": [
    {"name": "runningFargateTasksCount", "value": "1"}, {"name": "runningFargateSpotTasksCount", "value": "2"}],
    "defaultCapacityProviderStrategy": []})
write("describe-clusters.json", clusters)
for f in sorted(glob.glob(os.path.join(src, "describe-task-definition-*.json"))):
    d = json.load(open(f))
    d["taskDefinition"]["registeredAt"] = ts(-900)
    d["taskDefinition"]["registeredBy"] = "arn:aws:iam::%s:role/cdk-exec" % ACCT
    write(os.path.basename(f), d)
