import TerminalUI

/// Sample pins for the toolkit showcase: deterministic, with a few awkward names (CJK, emoji, an
/// escape sequence) so the showcase also shows widths and sanitising at work.
struct ShowcasePin: Sendable, Hashable {
    var cid: String
    var name: String
    var status: String
    var peers: Int
    var ageMinutes: Int

    var role: Role {
        switch status {
        case "pinned": return .pinPinned
        case "pinning": return .pinPinning
        case "pin_queued": return .pinQueued
        case "pin_error": return .pinError
        case "remote": return .pinRemote
        default: return .pinUnexpected
        }
    }

    static func samples(count: Int) -> [ShowcasePin] {
        var seed: UInt64 = 0x2545F4914F6CDD1D
        func next() -> UInt64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return seed >> 33
        }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        let statuses = ["pinned", "pinned", "pinned", "pinned", "pinning", "pin_queued", "pin_error", "remote"]
        let names = ["dataset", "website", "backup", "nft-metadata", "logs-archive", "model-weights", "docs", "media"]
        return (0..<count).map { i in
            let cid = "bafybei" + String((0..<52).map { _ in alphabet[Int(next() % 32)] })
            var name = "\(names[i % names.count])-\(i)"
            if i == 3 { name = "データセット-3" }
            if i == 5 { name = "photos 📷 5" }
            if i == 7 { name = "evil\u{1B}[31mred\u{1B}[0m-7" }
            return ShowcasePin(cid: cid, name: name, status: statuses[Int(next() % UInt64(statuses.count))],
                               peers: Int(next() % 3) + 1, ageMinutes: Int(next() % 5000))
        }
    }
}

enum ShowcaseLog {
    static let subsystems = ["pintracker", "crdt", "monitor", "ipfshttp", "restapi", "cluster"]
    static let messages: [(Role, String, String)] = [
        (.logInfo, "INFO", "pin queued for tracking"),
        (.logInfo, "INFO", "peer metrics broadcast ok"),
        (.logDebug, "DEBUG", "received 12 metrics from 3 peers"),
        (.logWarn, "WARN", "metric ping for peer 12D3KooWRb… expired"),
        (.logError, "ERROR", "error pinning: context deadline exceeded"),
        (.logInfo, "INFO", "crdt: state is consistent"),
    ]

    static func line(_ n: Int) -> StyledLine {
        let m = messages[n % messages.count]
        let minute = (n / 60) % 60, second = n % 60
        let time = "2026-11-21T06:\(minute < 10 ? "0" : "")\(minute):\(second < 10 ? "0" : "")\(second).000Z"
        return StyledLine("\(time)  \(m.1.padding(toLength: 5, withPad: " ", startingAt: 0))  \(subsystems[n % subsystems.count])  \(m.2) (#\(n))", role: m.0)
    }
}
