import ClusterAPI
import Foundation

/// What the command line said, before anything is resolved. Every field is optional so that
/// "not given" can fall through to the environment and the file. Shared by the TUI and the
/// headless commands (they build it from the same global options).
public struct ConsoleFlags: Sendable, Equatable {
    public var hosts: [String] = []
    public var basicAuth: String?
    public var token: String?
    public var https: Bool = false
    public var forceHTTP: Bool = false
    public var noCheckCertificate: Bool = false
    /// Idle seconds; 0 means "no practical limit" as ctl's `--timeout 0`.
    public var timeout: Double?
    public var context: String?
    public var configPath: String?
    // Console-only settings that may also come from the context.
    public var ecsDir: String?
    public var logs: [String] = []
    public var theme: String?
    public var refresh: Double?
    public var readonly: Bool?
    public var osc52: Bool?
    public var auditJournal: String?
    /// Extra certificate authorities (PEM) for HTTPS.
    public var caFile: String?
    /// The IPFS gateway to probe (`--gateway URL`) and how (`--gateway-interval`, `--gateway-timeout`).
    public var gateway: String?
    public var gatewayInterval: Double?
    public var gatewayTimeout: Double?
    /// `--peer-api`: the peers' own API addresses (replace the context's `peer-apis`).
    public var peerAPIs: [String] = []
    /// `--no-peer-discovery` (false), else the context's `discover-peer-apis`.
    public var discoverPeerAPIs: Bool?

    public init() {}
}

/// The one answer to "which cluster, how, with what settings": file + environment + flags
/// merged with flags > environment > file. Never printable with secrets (see `description`).
public struct ResolvedContext: Sendable, CustomStringConvertible {
    public var contextName: String?
    public var configFile: String?
    public var hosts: [ClusterHost]
    public var auth: ClusterAuth
    public var verifyCertificates: Bool
    public var connectTimeout: Double
    public var idleTimeout: Double
    public var ecsDir: String?
    public var logPaths: [String]
    public var theme: String?
    public var refreshSeconds: Double
    public var readonly: Bool
    /// Copy keys write OSC 52 (off by default).
    public var osc52: Bool = false
    public var auditJournal: String?
    /// Things to tell the user on stderr (e.g. ctl's "SSL automatically enabled" warning).
    public var warnings: [String]
    /// Extra certificate authorities (PEM) for HTTPS (`--ca-file`).
    public var caFile: String? = nil
    /// Share (0...1) of wall time the full streams may keep the cluster busy.
    public var fullStreamBusyShare: Double = FullStreamSchedule.defaultBusyShare
    /// The IPFS gateway probed for pinned content (nil: none).
    public var gateway: GatewaySettings? = nil
    /// The peers' own API addresses to poll directly.
    public var peerAPIs: [ClusterHost] = []
    /// Whether more are looked for in `/peers`.
    public var discoverPeerAPIs: Bool = true

    /// How `/peers` addresses become API addresses: the first host's scheme and port; nil when
    /// discovery is off.
    public var peerAPIDiscovery: PeerAPIDiscovery? {
        guard discoverPeerAPIs, let first = hosts.first else { return nil }
        // Credentials go to public IPs only behind a verified certificate.
        let safe = auth == .none || (first.useTLS && verifyCertificates)
        return PeerAPIDiscovery(useTLS: first.useTLS, port: first.port, excludedHosts: hosts.map(\.host), allowPublic: safe)
    }

    public var clientConfiguration: ClusterClientConfiguration {
        var c = ClusterClientConfiguration(hosts: hosts, auth: auth, verifyCertificates: verifyCertificates,
                                           connectTimeout: connectTimeout, idleTimeout: idleTimeout)
        c.caFile = caFile
        return c
    }

    public var description: String {
        "context \(contextName ?? "(none)") hosts \(hosts.map(\.description).joined(separator: ",")) \(auth)"
    }
}

/// Turns flags, environment and the configuration file into a `ResolvedContext`.
public enum ContextResolver {
    public static let defaultIdleTimeout: Double = 60
    public static let defaultConnectTimeout: Double = 10
    public static let defaultRefresh: Double = 2
    /// ctl's warning, verbatim, when basic auth switches HTTPS on.
    public static let httpsWarning = "SSL automatically enabled with basic auth credentials. Set \"force-http\" to disable"

    /// Environment variables read (besides the ones a context names for its secrets).
    public enum Env {
        public static let credentials = "CLUSTER_CREDENTIALS"
        public static let token = "IPFS_CLUSTER_CONSOLE_TOKEN"
        public static let context = "IPFS_CLUSTER_CONSOLE_CONTEXT"
        public static let host = "IPFS_CLUSTER_CONSOLE_HOST"
    }

    /// `$XDG_CONFIG_HOME/ipfs-cluster-console/config.toml` (or `~/.config/...`).
    public static func defaultConfigPath(environment: [String: String]) -> String? {
        if let x = environment["XDG_CONFIG_HOME"], !x.isEmpty { return x + "/ipfs-cluster-console/config.toml" }
        if let h = environment["HOME"], !h.isEmpty { return h + "/.config/ipfs-cluster-console/config.toml" }
        return nil
    }

    /// Resolves everything. `readFile` is injectable for secrets files in tests.
    public static func resolve(flags: ConsoleFlags, environment: [String: String] = ProcessInfo.processInfo.environment,
                               readFile: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }) throws -> ResolvedContext {
        // 1. The file: an explicit --config must exist; the default path may be absent.
        var file = ConfigFile()
        let home = environment["HOME"]
        if let explicit = flags.configPath {
            let p = expand(explicit, home: home, relativeTo: nil)
            guard FileManager.default.fileExists(atPath: p) else {
                throw ConfigError(file: p, message: "configuration file not found")
            }
            file = try ConfigFile.load(path: p)
        } else if let p = defaultConfigPath(environment: environment), FileManager.default.fileExists(atPath: p) {
            file = try ConfigFile.load(path: p)
        }
        let fileDir = file.path.map { ($0 as NSString).deletingLastPathComponent }

        // 2. Which context.
        let requested = flags.context ?? nonEmpty(environment[Env.context]) ?? file.currentContext
        var context: ContextConfig?
        if let requested {
            guard let c = file.contexts[requested] else {
                let have = file.contexts.keys.sorted()
                throw ConfigError(file: file.path, message: "no context named \"\(requested)\"" +
                                  (have.isEmpty ? " (the configuration has no contexts)" : " (have: \(have.joined(separator: ", ")))"))
            }
            context = c
        } else if file.contexts.count == 1 {
            context = file.contexts.values.first
        }

        var warnings: [String] = []

        // 3. Auth: flags > environment > context.
        var auth = ClusterAuth.none
        var basicFromSomewhere = false
        if flags.basicAuth != nil && flags.token != nil {
            throw ConfigError(file: nil, message: "use either --basic-auth or --token, not both")
        }
        if let b = flags.basicAuth {
            let (u, p) = ClusterAuth.parseBasic(b)
            auth = .basic(user: u, password: p)
            basicFromSomewhere = true
        } else if let t = flags.token {
            auth = .bearer(token: t)
        } else if let b = nonEmpty(environment[Env.credentials]) {
            let (u, p) = ClusterAuth.parseBasic(b)
            auth = .basic(user: u, password: p)
            basicFromSomewhere = true
        } else if let t = nonEmpty(environment[Env.token]) {
            auth = .bearer(token: t)
        } else if let a = context?.auth {
            let ctx = context!.name
            func secret(env: String?, file path: String?, what: String) throws -> String? {
                if let env {
                    guard let v = nonEmpty(environment[env]) else {
                        throw ConfigError(file: file.path, message: "context \"\(ctx)\": environment variable \(env) (\(what)) is not set")
                    }
                    return v
                }
                if let path {
                    let p = expand(path, home: home, relativeTo: fileDir)
                    let text: String
                    do { text = try readFile(p) } catch {
                        throw ConfigError(file: file.path, message: "context \"\(ctx)\": cannot read \(what) file \(p)")
                    }
                    guard let first = text.split(whereSeparator: \.isNewline).first.map({ $0.trimmingCharacters(in: .whitespaces) }),
                          !first.isEmpty else {
                        throw ConfigError(file: file.path, message: "context \"\(ctx)\": \(what) file \(p) is empty")
                    }
                    return first
                }
                return nil
            }
            if let b = try secret(env: a.basicEnv, file: a.basicFile, what: "credentials") {
                let (u, p) = ClusterAuth.parseBasic(b)
                auth = .basic(user: u, password: p)
                basicFromSomewhere = true
            } else if let t = try secret(env: a.tokenEnv, file: a.tokenFile, what: "token") {
                auth = .bearer(token: t)
            }
        }
        let fetchToken = context?.auth?.fetchToken ?? false
        if fetchToken, case .basic(let u, let p) = auth { auth = .basicFetchingToken(user: u, password: p) }

        // 4. Transport: ctl's rule, basic auth implies HTTPS unless forced to HTTP.
        let forceHTTP = flags.forceHTTP || (context?.forceHTTP ?? false)
        var https = flags.https || (context?.https ?? false)
        // 5. Hosts. A URL's own scheme wins over --https, so the warning is only printed
        // when a multiaddr or scheme-less host is actually switched to HTTPS.
        var hostTexts = flags.hosts
        if hostTexts.isEmpty, let h = nonEmpty(environment[Env.host]) { hostTexts = [h] }
        if hostTexts.isEmpty { hostTexts = context?.hosts ?? [] }
        if hostTexts.isEmpty { hostTexts = [ClusterHost.defaultMultiaddr] }
        if basicFromSomewhere && !forceHTTP && !https {
            https = true
            let affected = hostTexts.flatMap { $0.split(separator: ",") }.contains { !$0.contains("://") }
            if affected { warnings.append(httpsWarning) }
        }
        let hosts: [ClusterHost]
        do {
            hosts = try ClusterHost.parseList(hostTexts, https: https)
        } catch let e as ClusterAPIError {
            throw ConfigError(file: flags.hosts.isEmpty ? file.path : nil, message: e.description)
        }

        // 6. The gateway: flags > context; its URL checked here, so a typo stops at start.
        var gateway: GatewaySettings?
        if let text = flags.gateway ?? context?.gateway {
            let (url, problem) = GatewaySettings.normalise(text)
            guard let url else {
                throw ConfigError(file: flags.gateway != nil ? nil : file.path, message: (flags.gateway != nil ? "--gateway: " : "gateway: ") + (problem ?? text))
            }
            let interval = flags.gatewayInterval ?? context?.gatewayInterval ?? GatewaySettings.defaultInterval
            let timeout = flags.gatewayTimeout ?? context?.gatewayTimeout ?? GatewaySettings.defaultTimeout
            guard interval >= GatewaySettings.minimumInterval else {
                throw ConfigError(file: nil, message: "gateway interval must be at least \(Int(GatewaySettings.minimumInterval)) s (one probe at a time, every few seconds)")
            }
            guard timeout > 0 else { throw ConfigError(file: nil, message: "gateway timeout must be more than 0 s") }
            gateway = GatewaySettings(url: url, interval: interval, timeout: timeout)
        }

        // 7. The peers' own API addresses: flags replace the context's list.
        let peerAPITexts = flags.peerAPIs.isEmpty ? (context?.peerAPIs ?? []) : flags.peerAPIs
        let peerAPIs = try peerAPITexts.flatMap { $0.split(separator: ",") }.map { text in
            do { return try ClusterHost.parse(String(text), https: https) } catch let e as ClusterAPIError {
                throw ConfigError(file: flags.peerAPIs.isEmpty ? file.path : nil,
                                  message: e.description.replacingOccurrences(of: "invalid --host", with: "invalid peer API address"))
            }
        }

        // 8. Timeouts and console settings.
        var idle = flags.timeout ?? context?.timeout ?? defaultIdleTimeout
        if idle == 0 { idle = 86_400 }
        let connect = context?.connectTimeout ?? defaultConnectTimeout

        return ResolvedContext(
            contextName: context?.name,
            configFile: file.path,
            hosts: hosts,
            auth: auth,
            verifyCertificates: !(flags.noCheckCertificate || (context?.noCheckCertificate ?? false)),
            connectTimeout: connect == 0 ? defaultConnectTimeout : connect,
            idleTimeout: idle,
            ecsDir: (flags.ecsDir ?? context?.ecsDir).map { expand($0, home: home, relativeTo: flags.ecsDir != nil ? nil : fileDir) },
            logPaths: flags.logs.isEmpty ? (context?.logs ?? []).map { expand($0, home: home, relativeTo: fileDir) } : flags.logs,
            theme: flags.theme ?? context?.theme,
            refreshSeconds: flags.refresh ?? context?.refresh ?? defaultRefresh,
            readonly: flags.readonly ?? context?.readonly ?? false,
            osc52: flags.osc52 ?? context?.osc52 ?? false,
            auditJournal: (flags.auditJournal ?? context?.auditJournal).map { expand($0, home: home, relativeTo: flags.auditJournal != nil ? nil : fileDir) },
            warnings: warnings,
            caFile: flags.caFile.map { expand($0, home: home, relativeTo: nil) },
            fullStreamBusyShare: (context?.fullStreamBudget).map { $0 / 100 } ?? FullStreamSchedule.defaultBusyShare,
            gateway: gateway,
            peerAPIs: peerAPIs,
            discoverPeerAPIs: flags.discoverPeerAPIs ?? context?.discoverPeerAPIs ?? true)
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }

    /// `~` expansion, and paths relative to the configuration file's folder.
    static func expand(_ path: String, home: String?, relativeTo dir: String?) -> String {
        if path == "~" { return home ?? path }
        if path.hasPrefix("~/"), let home { return home + path.dropFirst(1) }
        if !path.hasPrefix("/"), let dir, !dir.isEmpty { return dir + "/" + path }
        return path
    }
}
