import ArgumentParser
import ConsoleCore

/// Connection options shared by the console and every headless command, named as in
/// ipfs-cluster-ctl so operators can reuse their command lines.
struct GlobalOptions: ParsableArguments {
    @Option(name: [.customShort("l"), .long],
            help: ArgumentHelp("Cluster REST API: multiaddr (/ip4|/ip6|/dns/HOST/tcp/PORT[/https]) or URL; repeat or comma-separate to fail over.",
                               valueName: "addr"))
    var host: [String] = []

    @Option(name: .customLong("basic-auth"), help: ArgumentHelp("user[:password] for HTTP basic auth (env CLUSTER_CREDENTIALS). Implies --https unless --force-http.", valueName: "user[:pass]"))
    var basicAuth: String?

    @Option(help: ArgumentHelp("Bearer token (from POST /token).", valueName: "token"))
    var token: String?

    @Flag(name: [.customShort("s"), .long], help: "Use HTTPS.")
    var https = false

    @Flag(name: [.customShort("f"), .customLong("force-http")], help: "Keep plain HTTP even with basic auth.")
    var forceHTTP = false

    @Flag(name: .customLong("no-check-certificate"), help: "Do not verify the server's TLS certificate.")
    var noCheckCertificate = false

    @Option(name: [.customShort("t"), .long], help: ArgumentHelp("Headless commands: seconds the whole command may take, as ipfs-cluster-ctl's --timeout (default \(Int(CommandDeadline.defaultSeconds)); 0: no limit). Console: seconds without data before a request fails.", valueName: "seconds"))
    var timeout: Double?

    @Option(help: ArgumentHelp("Named context from the configuration file.", valueName: "name"))
    var context: String?

    @Option(help: ArgumentHelp("Configuration file (default $XDG_CONFIG_HOME/ipfs-cluster-console/config.toml).", valueName: "file"))
    var config: String?

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("PEM file of certificate authorities to trust for HTTPS, besides the system's (SSL_CERT_FILE and SSL_CERT_DIR are honoured as Go does).", valueName: "file"))
    var caFile: String?

    /// Accepted so ctl command lines work unchanged; ctl uses it only for libp2p endpoints.
    @Option(help: ArgumentHelp("Cluster secret (accepted for ipfs-cluster-ctl compatibility; unused over HTTP).", valueName: "hex"))
    var secret: String?

    @Flag(help: "Explain options that are accepted but have no effect.")
    var debug = false

    /// The flags as the shared resolver sees them.
    var flags: ConsoleFlags {
        var f = ConsoleFlags()
        f.hosts = host
        f.basicAuth = basicAuth
        f.token = token
        f.https = https
        f.forceHTTP = forceHTTP
        f.noCheckCertificate = noCheckCertificate
        f.timeout = timeout
        f.context = context
        f.configPath = config
        f.caFile = caFile
        return f
    }

    /// With `--debug`, says once that `--secret` changes nothing here (ctl needs it only for
    /// its libp2p transport; this client speaks HTTP).
    func reportIgnoredOptions() {
        if debug, secret != nil {
            printError("debug: --secret is ignored: ipfs-cluster-ctl uses it only for libp2p (/p2p/, /dnsaddr/) endpoints; this client uses the HTTP API")
        }
    }

    func validate() throws {
        if let timeout, timeout < 0 { throw ValidationError("--timeout must be 0 or more seconds") }
        if basicAuth != nil && token != nil { throw ValidationError("use either --basic-auth or --token, not both") }
    }
}

/// Output encoding of the headless commands.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON (one object per line) instead of ipfs-cluster-ctl's text.")
    var json = false

    @Option(name: [.customLong("enc"), .customLong("encoding")], help: ArgumentHelp("text or json (as ipfs-cluster-ctl's --enc).", valueName: "enc"))
    var encoding: String?

    /// Headless commands take the console's `--readonly` too (refuse add, pin, unpin, ...).
    @Flag(help: "Refuse every command that changes the cluster.")
    var readonly = false

    var useJSON: Bool { json || encoding?.lowercased() == "json" }

    func validate() throws {
        if let e = encoding?.lowercased(), e != "json", e != "text" {
            throw ValidationError("--enc must be text or json")
        }
    }
}
