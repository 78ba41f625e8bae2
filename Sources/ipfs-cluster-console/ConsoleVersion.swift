/// The console's version, printed by `ipfs-cluster-console --version` (and in the man page
/// that `Scripts/install` makes). Bump it with each release.
enum ConsoleVersion {
    static let current = "0.9.0"
}
