#!/usr/bin/env python3
"""Seeds a running moto server with the 3-AZ ipfs-cluster deployment of aws-samples/ipfs-cluster-fargate:
cluster `ipfs-cluster` (FARGATE + FARGATE_SPOT), one service and task definition per AZ (containers
`ipfs` and `ipfs-cluster`, awslogs, CLUSTER_PEERNAME), one task per service started as the service's
deployment, and one extra task stopped with a reason. Uses boto3 in one process to keep it fast; the
export under test is made with the real aws CLI. Endpoint from AWS_ENDPOINT_URL."""
import json, os, sys, urllib.request
import boto3

endpoint = os.environ["AWS_ENDPOINT_URL"]
region = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
stack = "ipfs-cluster"
azs = [region + s for s in ("a", "b", "c")]

# Keep tasks RUNNING: by default moto walks a task one lifecycle step per DescribeTasks call.
req = urllib.request.Request(endpoint + "/moto-api/state-manager/set-transition", method="POST",
    data=json.dumps({"model_name": "ecs::task", "transition": {"progression": "manual", "times": 1000000}}).encode())
urllib.request.urlopen(req).read()

ec2 = boto3.client("ec2", region_name=region, endpoint_url=endpoint)
ecs = boto3.client("ecs", region_name=region, endpoint_url=endpoint)
vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
sg = ec2.create_security_group(GroupName=stack + "-ipfs-nodes", Description="nodes", VpcId=vpc)["GroupId"]
subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.%d.0/24" % i, AvailabilityZone=az)["Subnet"]["SubnetId"]
           for i, az in enumerate(azs)]

# EFS One Zone file system per AZ (the deployment's data volumes), mounted in that AZ's subnet.
efs = boto3.client("efs", region_name=region, endpoint_url=endpoint)
filesystems = {}
for az, subnet in zip(azs, subnets):
    fs = efs.create_file_system(CreationToken=stack + "-" + az, AvailabilityZoneName=az, ThroughputMode="bursting",
                                Tags=[{"Key": "Name", "Value": "%s-ipfs-node-%s" % (stack, az)}])["FileSystemId"]
    efs.create_mount_target(FileSystemId=fs, SubnetId=subnet, SecurityGroups=[sg])
    filesystems[az] = fs

ecs.create_cluster(clusterName=stack, capacityProviders=["FARGATE", "FARGATE_SPOT"],
                   settings=[{"name": "containerInsights", "value": "disabled"}])
out = {"services": [], "tasks": []}
for n, (az, subnet) in enumerate(zip(azs, subnets), start=1):
    family = "%s-ipfs-node-%s" % (stack, az)
    group = "/ecs/" + family
    def container(name, image, ports, env):
        return {"name": name, "image": image, "essential": True, "memoryReservation": 512,
                "portMappings": [{"containerPort": p, "hostPort": p, "protocol": "tcp"} for p in ports],
                "environment": env,
                "logConfiguration": {"logDriver": "awslogs", "options": {
                    "awslogs-group": group, "awslogs-region": region, "awslogs-stream-prefix": name}}}
    peer = "%s-node%d" % (stack, n)
    defs = [container("ipfs", "ipfs/kubo:master-latest", [4001, 5001, 8080],
                      [{"name": "CLUSTER_PEERNAME", "value": peer}, {"name": "AWS_REGION", "value": region}]),
            container("ipfs-cluster", "ipfs/ipfs-cluster:master-latest", [9094, 9096],
                      [{"name": "CLUSTER_PEERNAME", "value": peer}, {"name": "CLUSTER_MONITORPINGINTERVAL", "value": "5s"},
                       {"name": "CLUSTER_PEERNAME", "value": ""}])]
    td = ecs.register_task_definition(family=family, networkMode="awsvpc", requiresCompatibilities=["FARGATE"],
                                      cpu="1024", memory="2048", containerDefinitions=defs,
                                      volumes=[{"name": "ipfs-data", "efsVolumeConfiguration": {
                                          "fileSystemId": filesystems[az], "transitEncryption": "ENABLED"}}])["taskDefinition"]
    net = {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [sg], "assignPublicIp": "ENABLED"}}
    svc = ecs.create_service(cluster=stack, serviceName=family, taskDefinition=td["taskDefinitionArn"],
                             desiredCount=1, launchType="FARGATE", networkConfiguration=net)["service"]
    deployment = svc["deployments"][0]["id"]
    task = ecs.run_task(cluster=stack, taskDefinition=td["taskDefinitionArn"], launchType="FARGATE",
                        group="service:" + family, startedBy=deployment, networkConfiguration=net)["tasks"][0]
    out["services"].append(family)
    out["tasks"].append(task["taskArn"])
    if n == 2:
        # The replaced task of node 2 (stopped by the operator before the current one started).
        old = ecs.run_task(cluster=stack, taskDefinition=td["taskDefinitionArn"], launchType="FARGATE",
                           group="service:" + family, startedBy=deployment, networkConfiguration=net)["tasks"][0]
        ecs.stop_task(cluster=stack, task=old["taskArn"], reason="Task failed ELB health checks in (target-group "
                      "arn:aws:elasticloadbalancing:%s:123456789012:targetgroup/%s-nodes-api/ab85f177a1ce4440)" % (region, stack))
        out["tasks"].append(old["taskArn"])

# The load balancer in front of 9094 (REST API) and 8080 (gateway), targets = the running tasks' IPs.
elb = boto3.client("elbv2", region_name=region, endpoint_url=endpoint)
lb = elb.create_load_balancer(Name=stack + "-alb", Subnets=subnets, SecurityGroups=[sg], Scheme="internet-facing",
                              Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
running = [t for t in ecs.describe_tasks(cluster=stack, tasks=out["tasks"])["tasks"] if t["lastStatus"] != "STOPPED"]
ips = []
for t in running:
    for a in t.get("attachments", []):
        for d in a.get("details", []):
            if d["name"] == "privateIPv4Address":
                ips.append(d["value"])
out["ips"] = ips
for name, port, path in (("nodes-api", 9094, "/id"), ("nodes-web", 8080, "/ipfs/bafkqaaa")):
    tg = elb.create_target_group(Name="%s-%s" % (stack, name), Protocol="HTTP", Port=port, VpcId=vpc, TargetType="ip",
                                 HealthCheckPath=path, HealthCheckPort="traffic-port")["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=port, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
    if ips:
        elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": ip, "Port": port} for ip in ips])

# CloudWatch: us-east-1a's credits draining over the last hour, the others steady; Container
# Insights per service; an alarm on 1a's credits in ALARM and one on a file system no task uses.
import datetime
cw = boto3.client("cloudwatch", region_name=region, endpoint_url=endpoint)
now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
for az, fs in filesystems.items():
    data = []
    for k in range(30, 0, -1):
        t = now - datetime.timedelta(minutes=2 * k)
        balance = (2.0e11 if az != azs[0] else 2.0e11 * (k / 30.0))
        dims = [{"Name": "FileSystemId", "Value": fs}]
        data.append({"MetricName": "BurstCreditBalance", "Dimensions": dims, "Timestamp": t, "Value": balance, "Unit": "Bytes"})
        data.append({"MetricName": "PercentIOLimit", "Dimensions": dims, "Timestamp": t, "Value": 60.0 if az == azs[0] else 7.0, "Unit": "Percent"})
    for i in range(0, len(data), 20):
        cw.put_metric_data(Namespace="AWS/EFS", MetricData=data[i:i + 20])
for family in out["services"]:
    dims = [{"Name": "ClusterName", "Value": stack}, {"Name": "ServiceName", "Value": family}]
    t = now - datetime.timedelta(minutes=2)
    cw.put_metric_data(Namespace="ECS/ContainerInsights", MetricData=[
        {"MetricName": m, "Dimensions": dims, "Timestamp": t, "Value": v}
        for m, v in (("CpuUtilized", 210.0), ("CpuReserved", 1024.0), ("MemoryUtilized", 1990.0 if family.endswith("1c") else 800.0),
                     ("MemoryReserved", 2048.0), ("RunningTaskCount", 1.0))])
cw.put_metric_alarm(AlarmName="%s-efs-burst-credits-%s" % (stack, azs[0]), Namespace="AWS/EFS", MetricName="BurstCreditBalance",
                    Dimensions=[{"Name": "FileSystemId", "Value": filesystems[azs[0]]}], Statistic="Minimum", Period=60,
                    EvaluationPeriods=1, Threshold=2.0e10, ComparisonOperator="LessThanThreshold")
cw.set_alarm_state(AlarmName="%s-efs-burst-credits-%s" % (stack, azs[0]), StateValue="ALARM",
                   StateReason="Threshold Crossed: 1 out of the last 1 datapoints was less than the threshold (2.0E10).")
cw.put_metric_alarm(AlarmName="%s-old-volume-credits" % stack, Namespace="AWS/EFS", MetricName="BurstCreditBalance",
                    Dimensions=[{"Name": "FileSystemId", "Value": "fs-0123456789abcdef0"}], Statistic="Minimum", Period=60,
                    EvaluationPeriods=1, Threshold=2.0e10, ComparisonOperator="LessThanThreshold")
cw.set_alarm_state(AlarmName="%s-old-volume-credits" % stack, StateValue="ALARM", StateReason="Threshold Crossed: no datapoints were received.")

# Logs: the groups the task definitions name, a metric filter on errors, a few lines each.
logs = boto3.client("logs", region_name=region, endpoint_url=endpoint)
ms = int(now.timestamp() * 1000)
for family in out["services"]:
    group = "/ecs/" + family
    logs.create_log_group(logGroupName=group)
    logs.put_metric_filter(logGroupName=group, filterName=family + "-errors", filterPattern='"ERROR"',
                           metricTransformations=[{"metricName": "ClusterErrors", "metricNamespace": "IpfsCluster", "metricValue": "1"}])
    stream = "ipfs-cluster/ipfs-cluster/0000"
    logs.create_log_stream(logGroupName=group, logStreamName=stream)
    logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[
        {"timestamp": ms - 60000, "message": "2026-01-01T00:00:00.000Z\tINFO\tcluster\tipfs-cluster/cluster.go:1\tIPFS Cluster is READY"},
        {"timestamp": ms - 30000, "message": "2026-01-01T00:00:30.000Z\tERROR\tpintracker\tstateless/stateless.go:1\tcontext deadline exceeded"}])

# Cloud Map: one service per node with its task registered as an instance.
sd = boto3.client("servicediscovery", region_name=region, endpoint_url=endpoint)
sd.create_private_dns_namespace(Name=stack, Vpc=vpc)
ns = sd.list_namespaces()["Namespaces"][0]["Id"]
for family, t in zip(out["services"], running):
    svc = sd.create_service(Name=family, NamespaceId=ns, DnsConfig={"DnsRecords": [{"Type": "A", "TTL": 10}]})["Service"]["Id"]
    ip = next((d["value"] for a in t.get("attachments", []) for d in a.get("details", []) if d["name"] == "privateIPv4Address"), "10.0.0.1")
    sd.register_instance(ServiceId=svc, InstanceId=t["taskArn"].split("/")[-1],
                         Attributes={"AWS_INSTANCE_IPV4": ip, "AVAILABILITY_ZONE": t.get("availabilityZone", ""),
                                     "ECS_SERVICE_NAME": family, "ECS_CLUSTER_NAME": stack})
json.dump(out, sys.stdout)
