import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

/// A fresh temporary XDG config folder with the given config.toml (or none).
private struct TempConfig {
    let root: URL
    var xdg: String { root.path }
    var file: String { root.appendingPathComponent("ipfs-cluster-console/config.toml").path }

    init(_ toml: String?) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("ipfs-cluster-console"), withIntermediateDirectories: true)
        if let toml { try toml.write(toFile: file, atomically: true, encoding: .utf8) }
    }

    func write(_ name: String, _ text: String) throws -> String {
        let p = root.appendingPathComponent(name).path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func cleanup() { try? FileManager.default.removeItem(at: root) }
}

private let sample = """
# two clusters
current-context = "prod"

[contexts.prod]
hosts = ["/dns/cluster.example.com/tcp/443", "/ip4/10.0.0.71/tcp/9094"]
https = true
timeout = 30
ecs_dir = "ecs"
logs = ["/var/log/cluster/*.log", "~/logs/kubo.log"]
theme = "high-contrast"
refresh = 5
full-stream-budget = 2.5
readonly = true
audit-journal = "~/audit.jsonl"

[contexts.prod.auth]
basic-env = "PROD_CREDS"
fetch-token = true

[contexts.lab]
hosts = "/ip4/127.0.0.1/tcp/9094"
"""

@Suite("Configuration file and context resolution")
struct ConfigTests {
    @Test func exportsDirIsTheSameAsEcsDir() throws {
        let f = try ConfigFile.parse("[contexts.a]\nhosts = \"/ip4/127.0.0.1/tcp/9094\"\nexports_dir = \"aws\"\n", path: "x.toml")
        #expect(f.contexts["a"]?.ecsDir == "aws")
    }

    @Test func parsesContexts() throws {
        let f = try ConfigFile.parse(sample, path: "x.toml")
        #expect(f.currentContext == "prod")
        #expect(f.contexts.keys.sorted() == ["lab", "prod"])
        let prod = try #require(f.contexts["prod"])
        #expect(prod.hosts.count == 2)
        #expect(prod.https == true)
        #expect(prod.timeout == 30)
        #expect(prod.ecsDir == "ecs")
        #expect(prod.logs.count == 2)
        #expect(prod.readonly == true)
        #expect(prod.refresh == 5)
        #expect(prod.auth == AuthConfig(basicEnv: "PROD_CREDS", fetchToken: true))
        #expect(f.contexts["lab"]?.hosts == ["/ip4/127.0.0.1/tcp/9094"])
    }

    @Test func syntaxErrorHasFileLineAndColumn() {
        let bad = "current-context = \"prod\"\n[contexts.prod]\nhosts = [\"/ip4/1.2.3.4/tcp/9094\"\ntheme = 3\n"
        do {
            _ = try ConfigFile.parse(bad, path: "/etc/c.toml")
            Issue.record("accepted invalid TOML")
        } catch let e as ConfigError {
            #expect(e.file == "/etc/c.toml")
            #expect(e.line != nil && e.line! >= 3)
            #expect(e.column != nil)
            #expect(e.description.hasPrefix("/etc/c.toml:\(e.line!):\(e.column!): "))
        } catch {
            Issue.record("wrong error \(error)")
        }
    }

    @Test func semanticErrorsPointAtTheKey() {
        let cases: [(String, Int, String)] = [
            ("[contexts.a]\nreadonly = \"yes\"\n", 2, "must be true or false"),
            ("[contexts.a]\nhosts = [1, 2]\n", 2, "list of strings"),
            ("[contexts.a]\nbogus = 1\n", 2, "unknown key"),
            ("[contexts.a.auth]\npassword = \"hunter2\"\n", 2, "secrets are not read from the configuration file"),
            ("current-context = \"nope\"\n[contexts.a]\n", 1, "names no [contexts.nope]"),
        ]
        for (text, line, fragment) in cases {
            do {
                _ = try ConfigFile.parse(text, path: "c.toml")
                Issue.record("accepted: \(text)")
            } catch let e as ConfigError {
                #expect(e.line == line, "\(e)")
                #expect(e.message.contains(fragment), "\(e)")
                #expect(!e.description.contains("hunter2"))
            } catch {
                Issue.record("wrong error \(error)")
            }
        }
    }

    @Test func fileEnvironmentAndFlagsPrecedence() throws {
        let t = try TempConfig(sample)
        defer { t.cleanup() }
        let env = ["XDG_CONFIG_HOME": t.xdg, "HOME": "/home/op", "PROD_CREDS": "admin:fromfileenv"]

        // File only (current-context prod).
        var r = try ContextResolver.resolve(flags: ConsoleFlags(), environment: env)
        #expect(r.contextName == "prod")
        #expect(r.configFile == t.file)
        #expect(r.hosts.map(\.baseURL) == ["https://cluster.example.com:443", "https://10.0.0.71:9094"])
        #expect(r.auth == .basicFetchingToken(user: "admin", password: "fromfileenv"))
        #expect(r.idleTimeout == 30)
        #expect(r.readonly)
        #expect(r.refreshSeconds == 5)
        #expect(r.fullStreamBusyShare == 0.025)
        #expect(r.theme == "high-contrast")
        #expect(r.ecsDir == t.xdg + "/ipfs-cluster-console/ecs")
        #expect(r.logPaths == ["/var/log/cluster/*.log", "/home/op/logs/kubo.log"])
        #expect(r.auditJournal == "/home/op/audit.jsonl")
        #expect(r.warnings.isEmpty)   // https already on

        // Environment beats file.
        var env2 = env
        env2["CLUSTER_CREDENTIALS"] = "envuser:envpass"
        env2["IPFS_CLUSTER_CONSOLE_HOST"] = "/ip4/192.168.1.9/tcp/9094"
        r = try ContextResolver.resolve(flags: ConsoleFlags(), environment: env2)
        #expect(r.auth == .basicFetchingToken(user: "envuser", password: "envpass"))
        #expect(r.hosts.map(\.baseURL) == ["https://192.168.1.9:9094"])

        // Flags beat both.
        var flags = ConsoleFlags()
        flags.hosts = ["/ip4/127.0.0.1/tcp/1,/ip4/127.0.0.1/tcp/2"]
        flags.token = "flag-token"
        flags.timeout = 7
        flags.readonly = false
        flags.context = "prod"
        r = try ContextResolver.resolve(flags: flags, environment: env2)
        #expect(r.auth == .bearer(token: "flag-token"))
        #expect(r.hosts.map(\.port) == [1, 2])
        #expect(r.idleTimeout == 7)
        #expect(!r.readonly)
        #expect(!r.description.contains("flag-token"))
    }

    @Test func contextSelectionByFlagAndEnvironment() throws {
        let t = try TempConfig(sample)
        defer { t.cleanup() }
        var flags = ConsoleFlags()
        flags.context = "lab"
        let r = try ContextResolver.resolve(flags: flags, environment: ["XDG_CONFIG_HOME": t.xdg])
        #expect(r.contextName == "lab")
        #expect(r.hosts.map(\.baseURL) == ["http://127.0.0.1:9094"])
        #expect(r.auth == .none)
        let r2 = try ContextResolver.resolve(flags: ConsoleFlags(), environment: ["XDG_CONFIG_HOME": t.xdg, "IPFS_CLUSTER_CONSOLE_CONTEXT": "lab"])
        #expect(r2.contextName == "lab")
        flags.context = "missing"
        #expect(throws: ConfigError.self) { try ContextResolver.resolve(flags: flags, environment: ["XDG_CONFIG_HOME": t.xdg]) }
    }

    @Test func basicAuthImpliesHTTPSUnlessForced() throws {
        let t = try TempConfig(nil)
        defer { t.cleanup() }
        var flags = ConsoleFlags()
        flags.hosts = ["/dns/dxxxx.cloudfront.net/tcp/443"]
        flags.basicAuth = "admin:pw"
        var r = try ContextResolver.resolve(flags: flags, environment: ["XDG_CONFIG_HOME": t.xdg])
        #expect(r.hosts[0].baseURL == "https://dxxxx.cloudfront.net:443")
        #expect(r.warnings == [ContextResolver.httpsWarning])
        flags.forceHTTP = true
        r = try ContextResolver.resolve(flags: flags, environment: ["XDG_CONFIG_HOME": t.xdg])
        #expect(r.hosts[0].baseURL == "http://dxxxx.cloudfront.net:443")
        #expect(r.warnings.isEmpty)
        // An explicit URL keeps its scheme, so nothing was switched and nothing is said.
        flags.forceHTTP = false
        flags.hosts = ["http://10.0.0.5:9094"]
        r = try ContextResolver.resolve(flags: flags, environment: ["XDG_CONFIG_HOME": t.xdg])
        #expect(r.hosts[0].baseURL == "http://10.0.0.5:9094")
        #expect(r.warnings.isEmpty)
    }

    @Test func defaultsWithoutAnyConfig() throws {
        let t = try TempConfig(nil)
        defer { t.cleanup() }
        let r = try ContextResolver.resolve(flags: ConsoleFlags(), environment: ["XDG_CONFIG_HOME": t.xdg])
        #expect(r.hosts.map(\.baseURL) == ["http://127.0.0.1:9094"])
        #expect(r.contextName == nil)
        #expect(r.configFile == nil)
        #expect(r.idleTimeout == ContextResolver.defaultIdleTimeout)
        #expect(r.verifyCertificates)
    }

    @Test func explicitConfigMustExist() {
        var flags = ConsoleFlags()
        flags.configPath = "/nonexistent/dir/config.toml"
        do {
            _ = try ContextResolver.resolve(flags: flags, environment: [:])
            Issue.record("accepted a missing file")
        } catch let e as ConfigError {
            #expect(e.description == "/nonexistent/dir/config.toml: configuration file not found")
        } catch { Issue.record("\(error)") }
    }

    @Test func secretsFromFilesAndMissingEnvironment() throws {
        let t = try TempConfig(nil)
        defer { t.cleanup() }
        let creds = try t.write("creds", "ops:from-a-file\n")
        let cfg = try t.write("c.toml", """
        [contexts.a]
        hosts = ["/ip4/10.1.1.1/tcp/9094"]
        force-http = true
        [contexts.a.auth]
        basic-file = "\(creds)"
        [contexts.b.auth]
        token-env = "B_TOKEN"
        """)
        var flags = ConsoleFlags()
        flags.configPath = cfg
        flags.context = "a"
        let r = try ContextResolver.resolve(flags: flags, environment: [:])
        #expect(r.auth == .basic(user: "ops", password: "from-a-file"))
        #expect(r.hosts[0].baseURL == "http://10.1.1.1:9094")
        flags.context = "b"
        do {
            _ = try ContextResolver.resolve(flags: flags, environment: [:])
            Issue.record("accepted unset token env")
        } catch let e as ConfigError {
            #expect(e.message.contains("B_TOKEN"))
        }
        let rb = try ContextResolver.resolve(flags: flags, environment: ["B_TOKEN": "tok-xyz"])
        #expect(rb.auth == .bearer(token: "tok-xyz"))
    }

    @Test func badHostIsAConfigError() throws {
        let t = try TempConfig("[contexts.a]\nhosts = [\"/p2p/12D3KooWA\"]\n")
        defer { t.cleanup() }
        do {
            _ = try ContextResolver.resolve(flags: ConsoleFlags(), environment: ["XDG_CONFIG_HOME": t.xdg])
            Issue.record("accepted a libp2p address")
        } catch let e as ConfigError {
            #expect(e.message.contains("libp2p addresses"))
        }
    }

    @Test func gatewayFromTheContextAndFromFlags() throws {
        let t = try TempConfig("""
        current-context = "prod"
        [contexts.prod]
        hosts = "/ip4/127.0.0.1/tcp/9094"
        gateway = "https://d111111abcdef8.cloudfront.net/ipfs/"
        gateway-interval = 8
        gateway-timeout = 15
        [contexts.lab]
        hosts = "/ip4/127.0.0.1/tcp/9094"
        """)
        defer { t.cleanup() }
        let env = ["XDG_CONFIG_HOME": t.xdg]
        let r = try ContextResolver.resolve(flags: ConsoleFlags(), environment: env)
        #expect(r.gateway == GatewaySettings(url: "https://d111111abcdef8.cloudfront.net", interval: 8, timeout: 15))
        // Flags win; the context's tuning stays where the flags say nothing.
        var flags = ConsoleFlags()
        flags.gateway = "http://10.0.1.5:8080"
        flags.gatewayTimeout = 4
        let f = try ContextResolver.resolve(flags: flags, environment: env)
        #expect(f.gateway == GatewaySettings(url: "http://10.0.1.5:8080", interval: 8, timeout: 4))
        // A context without one: no gateway, no probes.
        flags = ConsoleFlags()
        flags.context = "lab"
        #expect(try ContextResolver.resolve(flags: flags, environment: env).gateway == nil)
        flags.gateway = "https://gw.example.com"
        #expect(try ContextResolver.resolve(flags: flags, environment: env).gateway == GatewaySettings(url: "https://gw.example.com"))
        flags.gatewayInterval = 0.2
        #expect(throws: ConfigError.self) { try ContextResolver.resolve(flags: flags, environment: env) }
    }

    @Test func badGatewayURLIsNamedWithItsLine() throws {
        do {
            _ = try ConfigFile.parse("[contexts.a]\nhosts = \"/ip4/127.0.0.1/tcp/9094\"\ngateway = \"gw.example.com:8080\"\n", path: "x.toml")
            Issue.record("accepted a gateway without a scheme")
        } catch let e as ConfigError {
            #expect(e.description.contains("x.toml:3"), "\(e)")
            #expect(e.description.contains("http://"), "\(e)")
        }
        var flags = ConsoleFlags()
        flags.hosts = ["/ip4/127.0.0.1/tcp/9094"]
        flags.gateway = "https://user:secret@gw.example.com"
        #expect(throws: ConfigError.self) { try ContextResolver.resolve(flags: flags, environment: [:]) }
    }

    /// `peer-apis` lists the peers' own API addresses; `--peer-api` replaces it; discovery in
    /// `/peers` is on unless `discover-peer-apis = false` or `--no-peer-discovery`, and uses the
    /// first host's scheme and port.
    @Test func peerAPIsAndDiscovery() throws {
        let t = try TempConfig("""
        [contexts.a]
        hosts = ["http://lb.example:9094"]
        peer-apis = ["/ip4/10.0.1.12/tcp/9094", "http://10.0.2.7:9094"]
        """)
        defer { t.cleanup() }
        let env = ["XDG_CONFIG_HOME": t.xdg]
        let r = try ContextResolver.resolve(flags: ConsoleFlags(), environment: env)
        #expect(r.peerAPIs.map(\.baseURL) == ["http://10.0.1.12:9094", "http://10.0.2.7:9094"])
        #expect(r.peerAPIDiscovery == PeerAPIDiscovery(useTLS: false, port: 9094, excludedHosts: ["lb.example"]))
        var flags = ConsoleFlags()
        flags.peerAPIs = ["http://10.0.3.4:9094"]
        flags.discoverPeerAPIs = false
        let f = try ContextResolver.resolve(flags: flags, environment: env)
        #expect(f.peerAPIs.map(\.baseURL) == ["http://10.0.3.4:9094"])
        #expect(f.peerAPIDiscovery == nil)
        // Basic auth over plain HTTP: discovery keeps to private addresses.
        var auth = ConsoleFlags()
        auth.basicAuth = "admin:pw"
        auth.forceHTTP = true
        #expect(try ContextResolver.resolve(flags: auth, environment: env).peerAPIDiscovery?.allowPublic == false)
        let off = try TempConfig("[contexts.a]\ndiscover-peer-apis = false\n")
        defer { off.cleanup() }
        #expect(try ContextResolver.resolve(flags: ConsoleFlags(), environment: ["XDG_CONFIG_HOME": off.xdg]).peerAPIDiscovery == nil)
        let bad = try TempConfig("[contexts.a]\npeer-apis = [\"/p2p/12D3KooWA\"]\n")
        defer { bad.cleanup() }
        do {
            _ = try ContextResolver.resolve(flags: ConsoleFlags(), environment: ["XDG_CONFIG_HOME": bad.xdg])
            Issue.record("accepted a libp2p peer API address")
        } catch let e as ConfigError {
            #expect(e.message.contains("invalid peer API address"), "\(e.message)")
        }
    }
}
