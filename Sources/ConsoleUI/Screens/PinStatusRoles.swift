import ConsoleCore
import TerminalUI

extension PinStatus {
    /// The role a status is drawn in (colour and monochrome attributes from the theme).
    var role: Role {
        switch self {
        case .pinned: .pinPinned
        case .pinning, .unpinning: .pinPinning
        case .pinQueued, .unpinQueued: .pinQueued
        case .pinError, .unpinError, .clusterError: .pinError
        case .remote: .pinRemote
        case .unpinned: .pinUnpinned
        case .unexpectedlyUnpinned: .pinUnexpected
        default: .dim
        }
    }
}

extension PeerCondition {
    var role: Role {
        switch self {
        case .ok: .peerUp
        case .missing: .peerMissing
        case .error: .error
        case .ipfsDown: .peerIPFSDown
        case .unknown: .dim
        }
    }
}
