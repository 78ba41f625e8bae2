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
                                      cpu="1024", memory="2048", containerDefinitions=defs)["taskDefinition"]
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
json.dump(out, sys.stdout)
