import ArgumentParser
import ClusterAPI
import ConsoleCore

/// The IPFS gateway options shared by the console and `snapshot`: which gateway serves the
/// pinned content (the deployment's CloudFront or ALB endpoint), probed with `HEAD /ipfs/<CID>`.
struct GatewayOptions: ParsableArguments {
    @Option(name: .customLong("gateway"),
            help: ArgumentHelp("IPFS gateway base URL (the CloudFront or ALB endpoint in front of port 8080, http or https): a few pins are probed with HEAD URL/ipfs/CID, one at a time, to see whether pinned content is served (also `gateway = \"URL\"` in a context). The demo probes its simulator's gateway.", valueName: "url"))
    var gateway: String?

    @Option(name: .customLong("gateway-interval"),
            help: ArgumentHelp("Seconds between gateway probes (default \(Int(GatewaySettings.defaultInterval)), at least \(Int(GatewaySettings.minimumInterval)); never two at once).", valueName: "seconds"))
    var interval: Double?

    @Option(name: .customLong("gateway-timeout"),
            help: ArgumentHelp("Seconds a gateway probe may take before it counts as \"no answer\" (default \(Int(GatewaySettings.defaultTimeout))).", valueName: "seconds"))
    var timeout: Double?

    func validate() throws {
        if let gateway, let problem = GatewaySettings.normalise(gateway).problem { throw ValidationError("--gateway: \(problem)") }
        if let interval, interval < GatewaySettings.minimumInterval {
            throw ValidationError("--gateway-interval must be at least \(Int(GatewaySettings.minimumInterval)) second")
        }
        if let timeout, timeout <= 0 { throw ValidationError("--gateway-timeout must be more than 0 seconds") }
    }

    /// Copies the options into the resolver's flags.
    func apply(to flags: inout ConsoleFlags) {
        flags.gateway = gateway
        flags.gatewayInterval = interval
        flags.gatewayTimeout = timeout
    }

    /// The prober for a resolved gateway, with the cluster client's TLS trust; nil without one.
    static func prober(_ settings: GatewaySettings?, trust: ClusterClientConfiguration) throws -> GatewayProber? {
        guard let settings else { return nil }
        return try GatewayProber(baseURL: settings.url, timeout: settings.timeout, trust: trust)
    }
}
