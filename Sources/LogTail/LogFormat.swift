/// Which layout a line was recognised as. Views use it to decide which columns are meaningful
/// (a raw line has no subsystem) and tests use it to prove recognition rather than luck.
public enum LogFormat: UInt8, Codable, Sendable, Hashable, CaseIterable {
    /// go-log/zap plain text: `time<TAB>LEVEL<TAB>logger<TAB>caller<TAB>message` (ipfs-cluster, kubo).
    case goLog
    /// go-log/zap JSON encoding: `{"level":..,"ts":..,"logger":..,"caller":..,"msg":..}`.
    case goLogJSON
    /// Common Log Format access line (`restapilog`, `pinsvcapilog`, `ipfsproxylog`, or an http_log_file).
    case accessLog
    /// kubo's plain daemon output (`Daemon is ready`, `Swarm listening on ...`).
    case kuboDaemon
    /// Go standard library logger: `2006/01/02 15:04:05 message`.
    case goStdLog
    /// The container entrypoint scripts' plain lines (`Changing user to ipfs`, ...).
    case entrypoint
    /// Anything else; the time is a best-effort guess or the envelope's.
    case raw
}
