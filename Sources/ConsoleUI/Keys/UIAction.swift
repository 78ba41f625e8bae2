import TerminalUI

/// What a key means on a screen. Key maps bind keys to these; the app performs them.
public enum UIAction: Hashable, Sendable {
    case navigate
    case command
    case filter
    case back
    case drill
    case help
    case quit
    case refresh
    case fullRefresh
    case sortNext
    case sortReverse
    case nextChip
    case previousChip
    case switchPane
    case screen(ScreenID)
    case pinAdd
    /// The add (upload) form.
    case add
    case unpin
    case recover
    case recoverAllErrors
    case recoverPeerErrors
    case bulkRecover
    case bulkUnpin
    case removePeer
    case repoGC
    case cancelAction
    case peerPins
    case peerLogs
    case peerTask
    /// Show or hide the logs pane under the peers and pins tables.
    case toggleLogsSplit
    /// The triage screen (focused on the selected peer on the peers screen).
    case openTriage
    /// The selected peer's pins in error (pins screen, error chip).
    case peerPinErrors
    /// The incident snapshot (Markdown + JSON) of what the triage screen shows.
    case writeSnapshot
    /// Long text from the cluster shown whole, or capped again (pin detail, triage).
    case toggleFullText
}

/// One entry of a key map: the keys, what help says, and the action.
public struct Binding: Sendable, Hashable {
    public var keys: [Key]
    /// Shown in help and hints (`j / ↓`); empty for a key another line of help already names
    /// (`G` under `g / G`), which keeps it out of the overlay.
    public var label: String
    public var help: String
    public var action: UIAction
    /// Changes the cluster: hidden (and refused) in read-only mode.
    public var mutating: Bool
    /// Short label for the bottom hint line; nil keeps the binding out of it (help lists all).
    public var hint: String?

    /// The label as a hint shows it: `j/k`, `enter`, `?` (the first key group of the label).
    public var shortLabel: String {
        label.replacingOccurrences(of: " / ", with: "/").components(separatedBy: " ").first ?? label
    }

    public init(_ keys: [Key], _ label: String, _ help: String, _ action: UIAction, mutating: Bool = false, hint: String? = nil) {
        self.keys = keys
        self.label = label
        self.help = help
        self.action = action
        self.mutating = mutating
        self.hint = hint
    }
}

/// A screen's keys, in help sections. Dispatch and the `?` overlay read the same value, so
/// help can never drift from behaviour.
public struct ScreenKeyMap: Sendable {
    public var sections: [(title: String, bindings: [Binding])]

    public init(_ sections: [(String, [Binding])]) {
        self.sections = sections.map { (title: $0.0, bindings: $0.1) }
    }

    /// Bindings usable now (mutating ones dropped in read-only mode).
    public func bindings(readonly: Bool) -> [Binding] {
        sections.flatMap(\.bindings).filter { !(readonly && $0.mutating) }
    }

    /// The action for `key`, if the map has one.
    public func action(for key: Key, readonly: Bool) -> UIAction? {
        bindings(readonly: readonly).first { $0.keys.contains(key) }?.action
    }

    /// The TerminalUI help overlay's model.
    public func helpModel(readonly: Bool) -> KeyMap {
        KeyMap(sections.compactMap { s in
            let b = s.bindings.filter { !(readonly && $0.mutating) && !$0.label.isEmpty }
            return b.isEmpty ? nil : KeyMapSection(s.title, b.map { KeyBinding($0.label, $0.help) })
        })
    }
}
