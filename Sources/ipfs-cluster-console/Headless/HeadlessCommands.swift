import ArgumentParser

/// The ipfs-cluster-ctl–compatible headless commands, listed once for the root command.
enum HeadlessCommands {
    static let all: [any ParsableCommand.Type] = [
        IDCommand.self, VersionCommand.self, PeersCommand.self, StatusCommand.self, AllocationsCommand.self,
        PinCommand.self, RecoverCommand.self, HealthCommand.self, IPFSCommand.self, AddCommand.self,
    ]
}
