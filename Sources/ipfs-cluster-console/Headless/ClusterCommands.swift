import ArgumentParser
import ClusterAPI
import ConsoleBase
import ConsoleCore

struct IDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "id", abstract: "Show the cluster peer that answers (GET /id).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Headless.run(global, output) { client, p in
            let peer = try await client.id()
            try p.emit(peer) { $0.peer(peer) }
        }
    }
}

struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Show the cluster's version (GET /version).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Headless.run(global, output) { client, p in
            let v = try await client.version()
            try p.emit(v) { _ in Sanitizer.clean(v.version, for: .plain) + "\n" }
        }
    }
}

struct PeersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "peers", abstract: "List or remove cluster peers.",
                                                    subcommands: [List.self, Remove.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the cluster's peers (GET /peers).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await Headless.run(global, output) { client, p in
                for try await peer in client.peers() { try p.emit(peer) { $0.peer(peer) } }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a peer from the cluster (DELETE /peers/ID).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Peer ID to remove.") var peerID: String

        func run() async throws {
            try await Headless.run(global, output) { client, _ in
                try await Headless.audited(.removePeer(peer: peerID, peerName: "")) { try await PeerActions.remove(client, id: peerID) }
            }
        }
    }
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show pin status across peers (GET /pins).",
                                                    discussion: "Without CIDs this is a cluster-wide fan-out: slow on big pinsets. Prefer --filter error or --local.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "CIDs (none: all pins).") var cids: [String] = []
    @Option(help: ArgumentHelp("Comma-separated statuses (e.g. pin_error,queued); ignored with several CIDs.", valueName: "filter"))
    var filter: String?
    @Flag(help: "Only the contacted peer's view.") var local = false

    func run() async throws {
        let statuses = try StatusCommand.parseFilter(filter)
        try await Headless.run(global, output) { client, p in
            if cids.count == 1 {
                let g = try await client.pinStatus(cids[0], local: local)
                try p.emit(g) { $0.status(g) }
                return
            }
            for try await g in client.pins(filter: statuses, local: local, cids: cids) { try p.emit(g) { $0.status(g) } }
        }
    }

    /// ctl rejects unknown filter names locally (`invalid filter name`), before any request.
    static func parseFilter(_ text: String?) throws -> [TrackerStatus] {
        let names = try parseFilterNames(text, valid: TrackerStatus.filterNames.union(["all"]))
        return names.contains("all") || names.contains("undefined") ? [] : names.map(TrackerStatus.init(rawValue:))
    }
}

struct AllocationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "allocations", abstract: "List the shared pinset and allocations (GET /allocations); alias: pin ls.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "A CID (none: all pins).") var cid: String?
    @Option(help: ArgumentHelp("Pin types: pin, meta-pin, clusterdag-pin, shard-pin, all.", valueName: "filter"))
    var filter: String?

    func run() async throws {
        try await AllocationsCommand.list(global: global, output: output, cid: cid, filter: filter)
    }

    static func list(global: GlobalOptions, output: OutputOptions, cid: String?, filter: String?) async throws {
        let types = try AllocationsCommand.parseFilter(filter)
        try await Headless.run(global, output) { client, p in
            if let cid {
                let pin = try await client.allocation(cid)
                try p.emit(pin) { $0.pin(pin) }
                return
            }
            for try await pin in client.allocations(filter: types) { try p.emit(pin) { $0.pin(pin) } }
        }
    }

    static func parseFilter(_ text: String?) throws -> [String] {
        let names = try parseFilterNames(text, valid: PinType.filterNames)
        return names.contains("all") ? [] : names
    }
}

struct RecoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "recover", abstract: "Re-queue failed pins: one CID, or all (POST /pins/recover).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "A CID (none: every pin in error).") var cid: String?
    @Flag(help: "Only on the contacted peer.") var local = false

    func run() async throws {
        try await Headless.run(global, output) { client, p in
            if let cid {
                let g = try await Headless.audited(.recover(cid: cid)) { try await RecoverActions.one(client, cid: cid, local: local) }
                try p.emit(g) { $0.status(g) }
                return
            }
            try await Headless.audited(.recoverAll) {
                for try await g in RecoverActions.all(client, local: local) { try p.emit(g) { $0.status(g) } }
            }
        }
    }
}

struct IPFSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ipfs", abstract: "Operations on the peers' IPFS daemons.",
                                                    subcommands: [GC.self])

    struct GC: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "gc", abstract: "Run IPFS repo gc (POST /ipfs/gc).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Flag(help: "Only on the contacted peer's IPFS.") var local = false

        func run() async throws {
            try await Headless.run(global, output) { client, p in
                let gc = try await Headless.audited(.repoGC) { try await client.repoGC(local: local) }
                try p.emit(gc) { $0.repoGC(gc) }
            }
        }
    }
}
