import Foundation

/// Tracker statuses with Cluster's bit values, so `filter=` matching is `status & filter != 0`.
enum SimPinStatus: UInt16, Sendable, CaseIterable {
    case undefined = 0
    case clusterError = 2
    case pinError = 4
    case unpinError = 8
    case pinned = 16
    case pinning = 32
    case unpinning = 64
    case unpinned = 128
    case remote = 256
    case pinQueued = 512
    case unpinQueued = 1024
    case sharded = 2048
    case unexpectedlyUnpinned = 4096

    var wire: String {
        switch self {
        case .undefined: "undefined"
        case .clusterError: "cluster_error"
        case .pinError: "pin_error"
        case .unpinError: "unpin_error"
        case .pinned: "pinned"
        case .pinning: "pinning"
        case .unpinning: "unpinning"
        case .unpinned: "unpinned"
        case .remote: "remote"
        case .pinQueued: "pin_queued"
        case .unpinQueued: "unpin_queued"
        case .sharded: "sharded"
        case .unexpectedlyUnpinned: "unexpectedly_unpinned"
        }
    }

    /// Compact storage code (one byte per pin and peer).
    var code: UInt8 {
        switch self {
        case .undefined: 0
        case .clusterError: 1
        case .pinError: 2
        case .unpinError: 3
        case .pinned: 4
        case .pinning: 5
        case .unpinning: 6
        case .unpinned: 7
        case .remote: 8
        case .pinQueued: 9
        case .unpinQueued: 10
        case .sharded: 11
        case .unexpectedlyUnpinned: 12
        }
    }

    static let byCode: [SimPinStatus] = [.undefined, .clusterError, .pinError, .unpinError, .pinned, .pinning, .unpinning,
                                      .unpinned, .remote, .pinQueued, .unpinQueued, .sharded, .unexpectedlyUnpinned]

    var isError: Bool { self == .pinError || self == .unpinError || self == .unexpectedlyUnpinned }

    /// Parses `filter=` as Cluster does: comma list, composites `error` and `queued`, unknown names
    /// skipped; nil when the value was non-empty but nothing valid remained (400 `invalid filter value`).
    static func parseFilter(_ raw: String) -> UInt16? {
        let cleaned = raw.replacingOccurrences(of: " ", with: "")
        if cleaned.isEmpty { return 0 }
        var mask: UInt16 = 0
        var any = false
        for part in cleaned.split(separator: ",") {
            switch part {
            case "error": mask |= 2 | 4 | 8; any = true
            case "queued": mask |= 512 | 1024; any = true
            case "undefined": any = true
            default:
                if let s = SimPinStatus.allCases.first(where: { $0.wire == part }) { mask |= s.rawValue; any = true }
            }
        }
        return any ? mask : nil
    }
}
