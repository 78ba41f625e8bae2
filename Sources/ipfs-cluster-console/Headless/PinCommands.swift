import ArgumentParser
import ClusterAPI
import ConsoleCore

struct PinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pin", abstract: "Pin, unpin and list pins.",
                                                    subcommands: [Add.self, Remove.self, List.self])

    /// ctl's wait flags, shared by add and rm.
    struct WaitOptions: ParsableArguments {
        @Flag(name: [.customShort("w"), .long], help: "Wait until the peers reach the target status.")
        var wait = false
        @Option(name: [.customLong("wait-limit"), .customLong("wl")], help: ArgumentHelp("Peers that must reach it (default: replication min).", valueName: "n"))
        var waitLimit: Int?
        @Option(name: [.customLong("wait-timeout"), .customLong("wt")], help: ArgumentHelp("Give up after this long (seconds or Go duration, e.g. 5m).", valueName: "duration"))
        var waitTimeout: String?
        @Flag(name: [.customLong("no-status"), .customLong("ns")], help: "Print the pin, not its status afterwards.")
        var noStatus = false

        func spec() throws -> WaitSpec? {
            guard wait else { return nil }
            var timeout: Double?
            if let t = waitTimeout {
                guard let secs = goDurationSeconds(t) else { throw ValidationError("--wait-timeout \"\(t)\" is not a duration like 30s or 5m") }
                timeout = secs
            }
            return WaitSpec(limit: waitLimit, timeout: timeout)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Pin a CID or /ipfs/ path (POST /pins/...).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "CID or path (/ipfs/..., /ipns/...).") var target: String
        // `.unconditional` so that `-r -1` (everywhere) is read as a value, not as a flag.
        @Option(name: [.customShort("r"), .long], parsing: .unconditional, help: "Replication factor (sets min and max; -1 everywhere).")
        var replication: Int?
        @Option(name: [.customLong("replication-min"), .customLong("rmin")], parsing: .unconditional, help: "Minimum replication factor.")
        var replicationMin: Int?
        @Option(name: [.customLong("replication-max"), .customLong("rmax")], parsing: .unconditional, help: "Maximum replication factor.")
        var replicationMax: Int?
        @Option(name: [.customShort("n"), .long], help: "Pin name.") var name: String?
        @Option(help: "recursive or direct.") var mode: String?
        @Option(name: [.customLong("allocations"), .customLong("allocs")], help: ArgumentHelp("Comma-separated preferred peer IDs.", valueName: "peers"))
        var allocations: String?
        @Option(name: .customLong("expire-in"), help: ArgumentHelp("Unpin after this Go duration (e.g. 720h).", valueName: "duration"))
        var expireIn: String?
        @Option(help: ArgumentHelp("key=value (repeatable).", valueName: "k=v")) var metadata: [String] = []
        @Option(name: .customLong("pin-update"), help: ArgumentHelp("Copy options and allocations from this existing pin.", valueName: "cid"))
        var pinUpdate: String?
        @Option(help: ArgumentHelp("Comma-separated multiaddrs (with /p2p/ID) to fetch from.", valueName: "addrs")) var origins: String?
        @OptionGroup var waitOptions: WaitOptions

        func options() throws -> PinAddOptions {
            var meta: [String: String] = [:]
            for kv in metadata {
                guard let eq = kv.firstIndex(of: "="), eq != kv.startIndex else {
                    throw ValidationError("--metadata \"\(kv)\" must be key=value")
                }
                meta[String(kv[..<eq])] = String(kv[kv.index(after: eq)...])
            }
            func list(_ s: String?) -> [String] {
                (s ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            return PinAddOptions(replication: replication, replicationMin: replicationMin, replicationMax: replicationMax,
                                 name: name, mode: mode.map { PinMode(rawValue: $0.lowercased()) }, userAllocations: list(allocations),
                                 expireIn: expireIn, metadata: meta, pinUpdate: pinUpdate, origins: list(origins))
        }

        func validate() throws {
            try options().validate()
            _ = try waitOptions.spec()
        }

        func run() async throws {
            try AddCommand.refuseLocalPath(target)
            let opts = try options()
            let wait = try waitOptions.spec()
            try await Headless.run(global, output, waitSeconds: wait?.timeout ?? 0) { client, p in
                let outcome = try await Headless.audited(.pinAdd(target: target, options: opts)) {
                    try await PinActions.add(client, target: target, options: opts, readStatus: !waitOptions.noStatus, wait: wait)
                }
                try p.emit(outcome)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Unpin a CID or path (DELETE /pins/...).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "CID or path.") var target: String
        @OptionGroup var waitOptions: WaitOptions

        func validate() throws { _ = try waitOptions.spec() }

        func run() async throws {
            let wait = try waitOptions.spec()
            try await Headless.run(global, output, waitSeconds: wait?.timeout ?? 0) { client, p in
                let outcome = try await Headless.audited(.unpin(cid: target)) {
                    try await PinActions.remove(client, target: target, readStatus: !waitOptions.noStatus, wait: wait)
                }
                try p.emit(outcome)
            }
        }
    }

    /// `pin ls`: same as `allocations`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List pins and allocations (same as `allocations`).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "A CID (none: all pins).") var cid: String?
        @Option(help: ArgumentHelp("Pin types: pin, meta-pin, clusterdag-pin, shard-pin, all.", valueName: "filter"))
        var filter: String?

        func run() async throws {
            try await AllocationsCommand.list(global: global, output: output, cid: cid, filter: filter)
        }
    }
}

/// Seconds from `"90"`, `"1.5"` or a Go duration (`"1h30m"`, `"500ms"`).
func goDurationSeconds(_ text: String) -> Double? {
    if let d = Double(text), d >= 0 { return d }
    guard PinAddOptions.isGoDuration(text) else { return nil }
    let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("μs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
    var total = 0.0
    var rest = Substring(text)
    while !rest.isEmpty {
        let num = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        rest = rest.dropFirst(num.count)
        guard let (u, f) = units.sorted(by: { $0.0.count > $1.0.count }).first(where: { rest.hasPrefix($0.0) }),
              let v = Double(num) else { return nil }
        rest = rest.dropFirst(u.count)
        total += v * f
    }
    return total
}
