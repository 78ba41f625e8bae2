/// The lines real peers write: ipfs-cluster-service (go-log, tab separated) and kubo.
extension ClusterModel {
    /// One ipfs-cluster-service line; a message with newlines continues on unprefixed lines.
    func logCluster(_ i: Int, at t: Double, _ level: String, _ subsystem: String, _ caller: String, _ message: String) {
        guard let logs, let task = ecs?.currentTaskID(peer: i) else { return }
        let line = "\(TimeFormat.goLog(wall(t)))\t\(level)\t\(subsystem)\t\(caller)\t\(message)"
        logs.append(ecsTask: task, container: "ipfs-cluster", lines: [line])
    }

    func writeStartupLogs(_ i: Int, at t: Double) {
        writeKuboStartup(i)
        guard let logs, let task = ecs?.currentTaskID(peer: i) else { return }
        let p = peers[i]
        logs.append(ecsTask: task, container: "ipfs-cluster", lines: [
            "Changing user to ipfs",
            "ipfs-cluster-service version \(Self.version)",
            "Found IPFS cluster configuration at /data/ipfs-cluster",
        ])
        let others = peers.indices.filter { $0 != i }
        logCluster(i, at: t, "INFO", "service", "ipfs-cluster-service/daemon.go:51", "Initializing. For verbose output run with \"-l debug\". Please wait...")
        logCluster(i, at: t, "INFO", "service", "ipfs-cluster-service/daemon.go:279", "Datastore backend: pebble")
        if i > 0 {
            logCluster(i, at: t + 0.01, "INFO", "service", "ipfs-cluster-service/daemon.go:146",
                       "Bootstrapping to /dns/ipfs-cluster-ipfs-node-us-east-1a.ipfs-cluster/tcp/9096/p2p/\(peers[0].peerID)")
        }
        logCluster(i, at: t + 0.03, "INFO", "cluster", "src/cluster.go:141",
                   "IPFS Cluster v\(Self.version) listening on:\n        /ip4/\(p.ip)/tcp/9096/p2p/\(p.peerID)\n        /ip4/127.0.0.1/tcp/9096/p2p/\(p.peerID)\n\n")
        logCluster(i, at: t + 0.04, "INFO", "restapi", "common/api.go:454", "RESTAPI (HTTP\(config.basicAuth == nil ? "" : " - authenticated")): /ip4/0.0.0.0/tcp/9094")
        logCluster(i, at: t + 0.04, "INFO", "ipfsproxy", "ipfsproxy/ipfsproxy.go:336", "IPFS Proxy: /ip4/127.0.0.1/tcp/9095 -> /ip4/0.0.0.0/tcp/5001")
        logCluster(i, at: t + 0.05, "INFO", "crdt", "go-ds-crdt@v0.6.8/crdt.go:300",
                   "crdt Datastore created. Number of heads: 1. Current max-height: \(store.liveCount / 300 + 1). Dirty: false")
        logCluster(i, at: t + 0.05, "INFO", "crdt", "crdt/consensus.go:320", "'trust all' mode enabled. Any peer in the cluster can modify the pinset.")
        logCluster(i, at: t + 0.05, "INFO", "cluster", "src/cluster.go:792", "Cluster Peers (without including ourselves):")
        if others.isEmpty {
            logCluster(i, at: t + 0.05, "INFO", "cluster", "src/cluster.go:794", "    - No other peers")
        } else {
            for q in others { logCluster(i, at: t + 0.05, "INFO", "cluster", "src/cluster.go:797", "    - \(peers[q].peerID)") }
        }
        logCluster(i, at: t + 0.06, "INFO", "cluster", "src/cluster.go:804", "Waiting for IPFS to be ready...")
        logCluster(i, at: t + 0.1, "INFO", "cluster", "src/cluster.go:813", "IPFS is ready. Peer ID: \(p.ipfsID)")
        logCluster(i, at: t + 0.1, "INFO", "cluster", "src/cluster.go:821", "** IPFS Cluster is READY **")
    }

    func writeKuboStartup(_ i: Int) {
        guard let logs, let task = ecs?.currentTaskID(peer: i) else { return }
        let p = peers[i]
        logs.append(ecsTask: task, container: "ipfs", lines: [
            "Changing user to ipfs",
            "ipfs version 0.36.0",
            "Found IPFS fs-repo at /data/ipfs",
            "Initializing daemon...",
            "Kubo version: 0.36.0-37b8411",
            "Repo version: 16",
            "System version: amd64/linux",
            "Golang version: go1.24.4",
            "PeerID: \(p.ipfsID)",
            "Swarm listening on \(p.ip):4001 (TCP+UDP)",
            "Swarm listening on 127.0.0.1:4001 (TCP+UDP)",
            "Run 'ipfs id' to inspect announced and discovered multiaddrs of this node.",
            "RPC API server listening on /ip4/0.0.0.0/tcp/5001",
            "WebUI: http://127.0.0.1:5001/webui",
            "Gateway server listening on /ip4/0.0.0.0/tcp/8080",
            "Daemon is ready",
        ])
    }

    func writeShutdownLogs(_ i: Int, at t: Double) {
        logCluster(i, at: t, "INFO", "service", "ipfs-cluster-service/daemon.go:227", "Received terminated signal, shutting down...")
        logCluster(i, at: t, "INFO", "cluster", "src/cluster.go:933", "shutting down Cluster")
        logCluster(i, at: t + 0.01, "INFO", "restapi", "common/api.go:598", "stopping Cluster API")
        logCluster(i, at: t + 0.01, "INFO", "ipfsproxy", "ipfsproxy/ipfsproxy.go:374", "stopping IPFS Proxy")
        logCluster(i, at: t + 0.02, "INFO", "crdt", "crdt/consensus.go:423", "stopping Consensus component")
        logCluster(i, at: t + 0.03, "INFO", "crdt", "go-ds-crdt@v0.6.8/crdt.go:1170", "batch commit (shutdown): 0 items")
        logCluster(i, at: t + 0.04, "INFO", "monitor", "pubsubmon/pubsubmon.go:158", "stopping Monitor")
        logCluster(i, at: t + 0.04, "INFO", "ipfshttp", "ipfshttp/ipfshttp.go:260", "stopping IPFS Connector")
        logCluster(i, at: t + 0.05, "INFO", "pintracker", "stateless/stateless.go:205", "stopping StatelessPinTracker")
        logs?.append(ecsTask: ecs?.currentTaskID(peer: i), container: "ipfs",
                     lines: ["Received interrupt signal, shutting down...", "(Hit ctrl-c again to force-shutdown the daemon.)"])
    }

    func logIPFSUnreachable(_ i: Int, at t: Double) {
        let p = peers[i]
        logCluster(i, at: t, "ERROR", "ipfshttp", "ipfshttp/ipfshttp.go:587",
                   "error posting to IPFS:Post \"http://127.0.0.1:5001/api/v0/repo/stat?size-only=true\": dial tcp 127.0.0.1:5001: connect: connection refused")
        logCluster(i, at: t, "ERROR", "p2p-gorpc", "go-libp2p-gorpc@v0.6.0/call.go:64",
                   "Post \"http://127.0.0.1:5001/api/v0/repo/stat?size-only=true\": dial tcp 127.0.0.1:5001: connect: connection refused")
        logCluster(i, at: t, "WARN", "monitor", "pubsubmon/pubsubmon.go:200",
                   "discarding invalid metric: &{Name:freespace Peer:\(p.peerID) Value:0 Expire:\(Int64(wall(t + 30) * 1e9)) Valid:false Weight:0 Partitionable:false ReceivedAt:0}")
        logCluster(i, at: t + 0.5, "WARN", "ipfshttp", "ipfshttp/ipfshttp.go:1205", "Rate-limiting requests to 1req/s")
    }
}
