import ConsoleCore
import Foundation
import TerminalUI

/// Peers screen columns, in order; also the sort keys.
public enum PeerColumn: Int, CaseIterable, Sendable {
    case name, id, version, state, ipfs, free, queue, ping, alerts, allocated, errors, task, logs, addresses
}

/// A confirmation in progress and what it confirms.
public struct PendingConfirmation: Sendable, Equatable {
    public var dialog: DialogState
    public var action: ActionKind
}

/// The pin-add and add (upload) forms: one prompt per field.
public struct PinForm: Sendable, Equatable {
    /// Which action the form builds.
    public enum Kind: Sendable, Equatable {
        /// `POST /pins/{cid}`.
        case pin
        /// `POST /add`: upload local files or folders.
        case add
    }

    public static let labels = ["CID or /ipfs/ path", "Name", "Replication min", "Replication max",
                                "Allocations (peer ids or names, comma-separated)", "Mode (recursive/direct)",
                                "Expire in (e.g. 720h)", "Metadata (k=v, comma-separated)",
                                "Origins (multiaddrs with /p2p/ID, comma-separated)", "Pin update (copy options from this CID)"]
    /// The add form's fields, in the order `makeAdd` reads them; yes/no fields take y or n.
    public static let addLabels = ["Local file or folder (several: comma-separated)", "Name", "Replication min",
                                   "Replication max", "Recursive, for folders (y/n)", "Wrap with directory (y/n)",
                                   "CID version (0 or 1)", "Raw leaves (y/n)", "Hidden files, for folders (y/n)",
                                   "No pin: add without pinning (y/n)", "Expire in (e.g. 720h)",
                                   "Metadata (k=v, comma-separated)",
                                   "Allocations (peer ids or names, comma-separated)",
                                   "Local: blocks on the answering peer only (y/n)", "Format (unixfs or car)",
                                   "Layout (balanced or trickle)", "Chunker (size-<bytes> or rabin-<min>-<avg>-<max>)",
                                   "Hash (sha2-256 default; another implies CID v1)"]
    public var kind: Kind
    public var fields: [PromptState]
    public var focus = 0
    public var error: String?
    public init(kind: Kind = .pin) {
        self.kind = kind
        fields = (kind == .pin ? Self.labels : Self.addLabels).map { _ in PromptState() }
    }

    public var labels: [String] { kind == .pin ? Self.labels : Self.addLabels }
    public var title: String { kind == .pin ? "Pin a CID" : "Add (upload) files or folders" }
}

/// What a pin view was computed for; recomputed when any part changes.
public typealias PinResultKey = PinQueryJob.Key

/// A line being typed at the bottom: a `:` command or a `/` filter.
public enum PromptKind: Sendable, Equatable {
    case command
    case filter
}

/// Everything the UI remembers that is not cluster state: where the operator is, what is
/// selected (by identity), filters, sorts, and any prompt, dialog or form open.
public struct UIState: Sendable {
    public var stack: [ScreenID] = [.overview]
    /// The home screen's cursor (peer row and column).
    public var overview = OverviewViewState()
    public var peersTable = TableState<String>()
    public var peerSort: PeerColumn = .name
    public var peerSortDescending = false
    public var peerFilter = ""
    public var pinsTable = TableState<UInt32>()
    public var pinView = PinQuery()
    /// Restrict the pins screen to one peer (by id); resolved to a table index when drawn.
    public var pinPeer: String?
    /// The computed pin view (row ids in order) and what it was computed for.
    public var pinResult: PinQueryResult?
    public var pinResultKey: PinResultKey?
    public var pinFilterError: String?
    /// When the pin view was last computed (re-sorting is throttled while a stream grows the table).
    public var pinResultAt: Date?
    /// The query computing off the loop (large tables), if any.
    public var pinQueryPending: PinResultKey?
    public var alertsTable = TableState<Int>()
    public var historyTable = TableState<Int>()
    public var detailScroll = LogViewState(follow: false, wrap: true)
    /// Long text from the cluster shown whole on pin detail and triage (`f`); cut by default.
    public var fullText = false
    public var prompt: (kind: PromptKind, state: PromptState)?
    public var commandHistory: [String] = []
    public var filterHistory: [String] = []
    public var confirmation: PendingConfirmation?
    public var form: PinForm?
    /// The root of a finished add to select on the pins screen once its row arrives, and the
    /// id of the add it came from (each add is taken once).
    public var selectAdded: String?
    public var selectAddedFrom: Int?
    public var showHelp = false
    public var helpScroll = 0
    /// Tab: keys go to the action-history pane instead of the main table.
    public var historyFocused = false
    /// A message from the last command (unknown command, bad filter...).
    public var notice: (text: String, isError: Bool)?

    /// The logs split, the per-peer ECS/log facts of the peers screen, and the triage screen.
    public var ops = OpsState()

    public init() {}

    public var screen: ScreenID { stack.last ?? .overview }

    @MainActor
    public mutating func push(_ s: ScreenID) {
        switch ScreenRegistry.entry(for: s).stacking {
        case .detail:
            stack.append(s)
        case .overlay:
            if let i = stack.firstIndex(of: s) { stack = Array(stack[...i]) } else { stack.append(s) }
        case .root:
            stack = [s]
        }
    }

    public mutating func pop() {
        if stack.count > 1 { stack.removeLast() }
    }
}
