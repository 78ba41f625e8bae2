import Foundation
import TOMLKit

/// The console's configuration file: named contexts (one per cluster) and which one is current.
///
/// ```toml
/// current-context = "prod"
///
/// [contexts.prod]
/// hosts = ["/dns/cluster.example.com/tcp/443"]   # multiaddrs or URLs, tried in order
/// https = true
/// no-check-certificate = false
/// force-http = false
/// timeout = 60            # idle seconds
/// connect-timeout = 10
/// ecs-dir = "~/ecs-exports"
/// logs = ["/var/log/ipfs-cluster/*.log"]
/// theme = "default"
/// refresh = 2
/// full-stream-budget = 5  # percent of wall time full streams (/allocations...) may keep the cluster busy
/// readonly = true
/// audit-journal = "~/.local/state/ipfs-cluster-console/audit.jsonl"
/// gateway = "https://d111111abcdef8.cloudfront.net"   # probe HEAD /ipfs/<CID> of a few pins
/// gateway-interval = 5    # seconds between probes (one at a time)
/// gateway-timeout = 10    # seconds before a probe counts as "no answer"
/// peer-apis = ["http://10.0.1.12:9094", "http://10.0.2.7:9094"]  # each peer's own API, polled directly
/// discover-peer-apis = false  # do not look for them in /peers (on by default)
///
/// [contexts.prod.auth]    # secrets are never written here: name where they live
/// basic-env = "PROD_CLUSTER_CREDENTIALS"   # or basic-file = "~/.config/prod-creds" (user:password)
/// fetch-token = true      # trade the basic credentials for a bearer token once
/// # token-env = "NAME" / token-file = "PATH" for an existing bearer token
/// ```
/// Keys may be written with `-` or `_` (`ecs_dir` and `ecs-dir` are the same).
public struct ConfigFile: Sendable, Equatable {
    public var path: String?
    public var currentContext: String?
    public var contexts: [String: ContextConfig]

    public init(path: String? = nil, currentContext: String? = nil, contexts: [String: ContextConfig] = [:]) {
        self.path = path; self.currentContext = currentContext; self.contexts = contexts
    }

    /// Reads and parses a file; errors carry the file name, line and column.
    public static func load(path: String) throws -> ConfigFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, message: "cannot read the configuration file: \(error.localizedDescription)")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String? = nil) throws -> ConfigFile {
        try TOMLHeaderGuard.check(text, file: path)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ConfigError(file: path, line: e.source.begin.line, column: e.source.begin.column, message: e.description)
        }
        var file = ConfigFile(path: path)
        let locator = KeyLocator(text: text, file: path)
        for key in table.keys {
            let value = table[key]!
            switch normalise(key) {
            case "current-context":
                guard let s = value.string else { throw locator.error(key, "current-context must be a string") }
                file.currentContext = s
            case "contexts":
                guard let t = value.table else { throw locator.error(key, "contexts must be a table of [contexts.NAME]") }
                for name in t.keys {
                    guard let ct = t[name]?.table else { throw locator.error(name, "contexts.\(name) must be a table") }
                    file.contexts[name] = try ContextConfig(table: ct, name: name, locator: locator)
                }
            default:
                throw locator.error(key, "unknown key \"\(key)\" (expected current-context or [contexts.NAME])")
            }
        }
        if let c = file.currentContext, !file.contexts.isEmpty, file.contexts[c] == nil {
            throw locator.error("current-context", "current-context \"\(c)\" names no [contexts.\(c)] (have: \(file.contexts.keys.sorted().joined(separator: ", ")))")
        }
        return file
    }

    static func normalise(_ key: String) -> String { key.replacingOccurrences(of: "_", with: "-").lowercased() }
}

/// One named cluster in the configuration file. All fields optional: what is unset falls back
/// to the environment, then to defaults.
public struct ContextConfig: Sendable, Equatable {
    public var name: String
    public var hosts: [String] = []
    public var https: Bool?
    public var forceHTTP: Bool?
    public var noCheckCertificate: Bool?
    public var timeout: Double?
    public var connectTimeout: Double?
    public var ecsDir: String?
    public var logs: [String] = []
    public var theme: String?
    public var refresh: Double?
    /// Percent of wall time the full streams may keep the cluster busy (default 5).
    public var fullStreamBudget: Double?
    public var readonly: Bool?
    /// Copy keys put text on the terminal's clipboard with OSC 52.
    public var osc52: Bool?
    public var auditJournal: String?
    /// The IPFS gateway's base URL (CloudFront or the ALB), probed for pinned content.
    public var gateway: String?
    public var gatewayInterval: Double?
    public var gatewayTimeout: Double?
    /// The peers' own REST API addresses (multiaddrs or URLs), polled directly for the per-peer calls.
    public var peerAPIs: [String] = []
    /// Look for the peers' API addresses in `/peers` (default on).
    public var discoverPeerAPIs: Bool?
    public var auth: AuthConfig?

    public init(name: String) { self.name = name }

    init(table: TOMLTable, name: String, locator: KeyLocator) throws {
        self.name = name
        for key in table.keys {
            let v = table[key]!
            let k = ConfigFile.normalise(key)
            func str() throws -> String {
                guard let s = v.string else { throw locator.error(key, "contexts.\(name).\(key) must be a string") }
                return s
            }
            func bool() throws -> Bool {
                guard let b = v.bool else { throw locator.error(key, "contexts.\(name).\(key) must be true or false") }
                return b
            }
            func seconds() throws -> Double {
                guard let d = v.double ?? v.int.map(Double.init), d >= 0 else {
                    throw locator.error(key, "contexts.\(name).\(key) must be a number of seconds")
                }
                return d
            }
            func strings() throws -> [String] {
                if let s = v.string { return [s] }
                guard let a = v.array else { throw locator.error(key, "contexts.\(name).\(key) must be a list of strings") }
                return try a.map { item in
                    guard let s = item.string else { throw locator.error(key, "contexts.\(name).\(key) must be a list of strings") }
                    return s
                }
            }
            switch k {
            case "hosts", "host": hosts = try strings()
            case "https": https = try bool()
            case "force-http": forceHTTP = try bool()
            case "no-check-certificate": noCheckCertificate = try bool()
            case "timeout": timeout = try seconds()
            case "connect-timeout": connectTimeout = try seconds()
            case "ecs-dir", "exports-dir": ecsDir = try str()
            case "logs", "log-paths": logs = try strings()
            case "theme": theme = try str()
            case "refresh": refresh = try seconds()
            case "full-stream-budget":
                guard let d = v.double ?? v.int.map(Double.init), d > 0, d <= 100 else {
                    throw locator.error(key, "contexts.\(name).\(key) must be a percentage above 0 and at most 100")
                }
                fullStreamBudget = d
            case "readonly", "read-only": readonly = try bool()
            case "osc52", "clipboard-osc52": osc52 = try bool()
            case "audit-journal": auditJournal = try str()
            case "gateway", "gateway-url":
                let text = try str()
                if let problem = GatewaySettings.normalise(text).problem { throw locator.error(key, "contexts.\(name).\(key): \(problem)") }
                gateway = text
            case "gateway-interval": gatewayInterval = try seconds()
            case "gateway-timeout": gatewayTimeout = try seconds()
            case "peer-apis", "peer-api": peerAPIs = try strings()
            case "discover-peer-apis": discoverPeerAPIs = try bool()
            case "auth":
                guard let t = v.table else { throw locator.error(key, "contexts.\(name).auth must be a table") }
                auth = try AuthConfig(table: t, context: name, locator: locator)
            default:
                throw locator.error(key, "unknown key \"\(key)\" in [contexts.\(name)]")
            }
        }
    }
}

/// Where a context's secrets live. Secrets themselves are never stored in the file.
public struct AuthConfig: Sendable, Equatable {
    /// Name of an environment variable holding `user[:password]`.
    public var basicEnv: String?
    /// A file whose first line is `user[:password]`.
    public var basicFile: String?
    public var tokenEnv: String?
    public var tokenFile: String?
    /// Use the basic credentials once for `POST /token`, then the bearer token.
    public var fetchToken: Bool = false

    public init(basicEnv: String? = nil, basicFile: String? = nil, tokenEnv: String? = nil, tokenFile: String? = nil, fetchToken: Bool = false) {
        self.basicEnv = basicEnv; self.basicFile = basicFile; self.tokenEnv = tokenEnv; self.tokenFile = tokenFile
        self.fetchToken = fetchToken
    }

    init(table: TOMLTable, context: String, locator: KeyLocator) throws {
        for key in table.keys {
            let v = table[key]!
            let k = ConfigFile.normalise(key)
            if k == "fetch-token" {
                guard let b = v.bool else { throw locator.error(key, "contexts.\(context).auth.fetch-token must be true or false") }
                fetchToken = b
                continue
            }
            guard let s = v.string else { throw locator.error(key, "contexts.\(context).auth.\(key) must be a string") }
            switch k {
            case "basic-env", "credentials-env": basicEnv = s
            case "basic-file", "credentials-file": basicFile = s
            case "token-env": tokenEnv = s
            case "token-file": tokenFile = s
            case "password", "basic", "basic-auth", "token", "credentials":
                throw locator.error(key, "secrets are not read from the configuration file; put them in an environment variable (\(k == "token" ? "token-env" : "basic-env") = \"NAME\") or a file (\(k == "token" ? "token-file" : "basic-file") = \"PATH\")")
            default:
                throw locator.error(key, "unknown key \"\(key)\" in [contexts.\(context).auth] (expected basic-env, basic-file, token-env, token-file, fetch-token)")
            }
        }
        if (basicEnv != nil || basicFile != nil), (tokenEnv != nil || tokenFile != nil) {
            throw locator.error("token", "contexts.\(context).auth sets both basic credentials and a token; choose one")
        }
    }
}

/// TOMLKit reports positions for syntax errors only; for a semantic error we point at the
/// first line that defines the key (best effort, good enough to jump there in an editor).
struct KeyLocator {
    let lines: [Substring]
    let file: String?

    init(text: String, file: String?) {
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        self.file = file
    }

    func error(_ key: String, _ message: String) -> ConfigError {
        for (i, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            for candidate in [key, "\"\(key)\""] where trimmed.hasPrefix(candidate) {
                let after = trimmed.dropFirst(candidate.count).drop { $0 == " " || $0 == "\t" }
                if after.hasPrefix("=") || after.hasPrefix(".") {
                    return ConfigError(file: file, line: i + 1, column: line.count - trimmed.count + 1, message: message)
                }
            }
            if trimmed.hasPrefix("[") && trimmed.contains(key) && message.contains("must be a table") {
                return ConfigError(file: file, line: i + 1, column: line.count - trimmed.count + 1, message: message)
            }
        }
        return ConfigError(file: file, message: message)
    }
}
