import ArgumentParser
import ClusterAPI

struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "Alerts, metrics, connectivity graph and bandwidth.",
                                                    subcommands: [Alerts.self, Metrics.self, Graph.self, BandwidthCommand.self])

    struct Alerts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "alerts", abstract: "Metric alerts held by the contacted peer (GET /health/alerts).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await Headless.run(global, output) { client, p in
                for a in try await client.alerts() { try p.emit(a) { $0.alert(a) } }
            }
        }
    }

    struct Metrics: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "metrics", abstract: "Metric names, or the latest values of one metric per peer.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Metric name (freespace, ping, pinqueue, tag:group...).") var name: String?

        func run() async throws {
            try await Headless.run(global, output) { client, p in
                if let name {
                    for m in try await client.metrics(name) { try p.emit(m) { $0.metric(m) } }
                } else {
                    let names = try await client.metricNames()
                    if p.json { try p.emit(names) { _ in "" } } else { p.out(p.text.metricNames(names)) }
                }
            }
        }
    }

    struct Graph: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "graph", abstract: "Connectivity graph as Graphviz dot (GET /health/graph).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await Headless.run(global, output) { client, p in
                let g = try await client.graph()
                try p.emit(g) { $0.graph(g) }
            }
        }
    }

    struct BandwidthCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bandwidth", abstract: "Libp2p bandwidth per protocol (GET /health/bandwidth).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await Headless.run(global, output) { client, p in
                let b = try await client.bandwidth()
                try p.emit(b) { $0.bandwidth(b) }
            }
        }
    }
}
