import Foundation

/// A timeline of changes to the simulated cluster, loaded from JSON.
///
/// Why data files: incidents for the demo and for end-to-end tests are easier to read, review
/// and add as data than as code. Times are simulated seconds from the scenario start.
public struct Scenario: Sendable, Codable {
    public struct Background: Sendable, Codable {
        /// Simulated seconds between background pins (nil = none).
        public var pinEvery: Double?
        /// Simulated seconds between unpins of earlier background pins (nil = none).
        public var unpinEvery: Double?
        public var replicationMin: Int?
        public var replicationMax: Int?
        /// Fraction of background pin attempts that fail.
        public var errorRate: Double?
    }

    public struct Step: Sendable, Codable {
        public var at: Double
        /// freeze, resume, stop, start, replace, ipfs-down, ipfs-up, disk-full, disk-ok, freeze-az,
        /// stop-az, start-az, pin-burst, recover-all, fault, clear-faults, note, efs-drain (az, value),
        /// alb-unhealthy (peer, reason, message), alb-healthy (peer), memory-pressure (peer, value),
        /// start-unbootstrapped (peer), gateway-unserved (value: seconds before the 504),
        /// gateway-served, gateway-down, gateway-up
        public var action: String
        public var peer: String?
        public var az: String?
        public var stopCode: String?
        public var reason: String?
        public var exitCode: Int?
        public var count: Int?
        public var message: String?
        public var fault: Fault?
        /// efs-drain: seconds until the credits run out; memory-pressure: share of the reservation;
        /// gateway-unserved: real seconds the gateway takes to answer 504 for unserved content.
        public var value: Double?
    }

    public var name: String
    public var description: String?
    public var background: Background?
    public var steps: [Step]

    static let knownActions: Set<String> = ["freeze", "resume", "stop", "start", "replace", "ipfs-down", "ipfs-up", "disk-full",
                                            "disk-ok", "freeze-az", "stop-az", "start-az", "pin-burst", "recover-all", "fault",
                                            "clear-faults", "note", "efs-drain", "alb-unhealthy", "alb-healthy",
                                            "memory-pressure", "start-unbootstrapped", "gateway-unserved", "gateway-served",
                                            "gateway-down", "gateway-up"]

    /// Parses and checks a scenario; errors name the file and the offending step.
    public static func parse(_ data: Data, file: String) throws -> Scenario {
        let s: Scenario
        do { s = try JSONDecoder().decode(Scenario.self, from: data) } catch let e as DecodingError {
            throw SimulatorError.badScenario(file: file, reason: Self.describe(e))
        }
        for (n, step) in s.steps.enumerated() {
            guard knownActions.contains(step.action) else {
                throw SimulatorError.badScenario(file: file, reason: "step \(n + 1): unknown action '\(step.action)'")
            }
            let needsPeer: Set<String> = ["freeze", "resume", "stop", "start", "replace", "ipfs-down", "ipfs-up", "disk-full", "disk-ok",
                                          "alb-unhealthy", "alb-healthy", "memory-pressure"]
            if needsPeer.contains(step.action) && step.peer == nil {
                throw SimulatorError.badScenario(file: file, reason: "step \(n + 1): action '\(step.action)' needs \"peer\"")
            }
            if (step.action.hasSuffix("-az") || step.action == "efs-drain") && step.az == nil {
                throw SimulatorError.badScenario(file: file, reason: "step \(n + 1): action '\(step.action)' needs \"az\"")
            }
            if step.action == "fault" && step.fault == nil {
                throw SimulatorError.badScenario(file: file, reason: "step \(n + 1): action 'fault' needs \"fault\"")
            }
        }
        return s
    }

    private static func describe(_ e: DecodingError) -> String {
        switch e {
        case .dataCorrupted(let c): return "not valid JSON: \(c.debugDescription)"
        case .keyNotFound(let k, let c): return "missing \"\(k.stringValue)\" at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            return "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
        @unknown default: return "\(e)"
        }
    }

    // MARK: catalogue

    /// Scenario names shipped with the simulator.
    public static let builtinNames = ["healthy", "az-outage", "spot-interruption", "ipfs-down", "pin-storm", "disk-full", "efs-burst", "alb-unhealthy",
                                       "memory-pressure", "gateway-unserved", "split-cluster", "quiet"]

    /// No background activity and no incident: a still cluster that tests drive step by step.
    public static let quiet = Scenario(name: "quiet", description: "No activity and no incident.", background: nil, steps: [])

    /// Loads a named scenario from the bundled resources (or the compiled-in copy of `healthy`),
    /// or a scenario file when `nameOrPath` is a path.
    public static func load(_ nameOrPath: String) throws -> Scenario {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: nameOrPath) else {
                throw SimulatorError.io(path: nameOrPath, reason: "cannot read scenario file")
            }
            return try parse(data, file: nameOrPath)
        }
        if let dir = resourceDirectory(), let data = FileManager.default.contents(atPath: dir + "/\(nameOrPath).json") {
            return try parse(data, file: dir + "/\(nameOrPath).json")
        }
        if nameOrPath == "quiet" { return quiet }
        if nameOrPath == "healthy" { return try parse(Data(embeddedHealthy.utf8), file: "<built-in healthy>") }
        throw SimulatorError.unknownScenario(nameOrPath, available: resourceDirectory() == nil ? ["healthy"] : builtinNames)
    }

    /// The copied `Scenarios` resource folder, found without `Bundle.module` (which aborts the
    /// process when the bundle is missing, e.g. a binary copied elsewhere).
    static func resourceDirectory() -> String? {
        let fm = FileManager.default
        var candidates: [String] = []
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent().path
        for base in [exe, Bundle.main.bundlePath, Bundle.main.resourcePath ?? ""] where !base.isEmpty {
            if let items = try? fm.contentsOfDirectory(atPath: base) {
                for item in items where item.hasSuffix("_ClusterSimulator.resources") || item.hasSuffix("_ClusterSimulator.bundle") {
                    candidates.append(base + "/" + item + "/Scenarios")
                    candidates.append(base + "/" + item + "/Contents/Resources/Scenarios")
                }
            }
        }
        // Source checkout fallback (tests run from the package root).
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Scenarios")
        return candidates.first { fm.fileExists(atPath: $0 + "/healthy.json") }
    }

    static let embeddedHealthy = """
    {"name":"healthy","description":"A healthy 3-AZ cluster with gentle pin activity; IpfsCluster1 freezes after 20 s and its task is replaced.",
     "background":{"pinEvery":8,"unpinEvery":45,"replicationMin":2,"replicationMax":2,"errorRate":0.03},
     "steps":[{"at":20,"action":"freeze","peer":"IpfsCluster1"},
              {"at":110,"action":"replace","peer":"IpfsCluster1","stopCode":"ServiceSchedulerInitiated","reason":"Task failed container health checks","exitCode":137}]}
    """
}
