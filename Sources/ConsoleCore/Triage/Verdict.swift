import Foundation

/// How bad a finding is. Ordered so blocks sort worst first with a plain comparison.
public enum TriageSeverity: Int, Sendable, Codable, Hashable, Comparable, CaseIterable {
    case info = 0, warning, major, critical

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// Word shown next to the colour, so severity is never conveyed by colour alone.
    public var label: String {
        switch self {
        case .info: "INFO"
        case .warning: "WARNING"
        case .major: "MAJOR"
        case .critical: "CRITICAL"
        }
    }
}

/// One fact a rule used: when it was true, where it came from, what it said.
public struct EvidenceItem: Sendable, Codable, Hashable {
    public var time: Date?
    public var source: EvidenceSource
    public var text: String

    public init(time: Date?, source: EvidenceSource, text: String) {
        self.time = time; self.source = source; self.text = text
    }

    /// Newest first; items without a time go last, in their given order.
    public static func newestFirst(_ items: [EvidenceItem]) -> [EvidenceItem] {
        items.enumerated().sorted { a, b in
            switch (a.element.time, b.element.time) {
            case let (x?, y?): return x != y ? x > y : a.offset < b.offset
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }
}

/// What one rule concluded about one peer. The screen shows `rule` so an operator can see why
/// the console says what it says, and the evidence so they can check it.
public struct Verdict: Sendable, Codable, Hashable {
    /// The rule's name (``TriageRule/name``).
    public var rule: String
    public var severity: TriageSeverity
    /// One line with times, e.g. "task stopped by a Spot interruption 3 min ago".
    public var sentence: String
    /// Newest first.
    public var evidence: [EvidenceItem]
    /// When the problem began, as far as the evidence says (for "since when" and the timeline).
    public var since: Date?
    /// What to do about it, in words (AWS-side steps the console cannot take itself).
    public var nextSteps: [String] = []

    public init(rule: String, severity: TriageSeverity, sentence: String, evidence: [EvidenceItem], since: Date? = nil) {
        self.rule = rule; self.severity = severity; self.sentence = sentence
        self.evidence = EvidenceItem.newestFirst(evidence)
        self.since = since ?? evidence.compactMap(\.time).min()
    }
}

/// A next step the screen offers under a block; the app maps `kind` to its action services
/// (the same ones the pins and peers screens use, with their confirmations and audit).
public struct SuggestedAction: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable {
        /// `POST /pins/recover` for the pins in error on the target peer.
        case recoverPins
        /// Logs screen filtered to the peer's errors and warnings.
        case openLogs
        /// Tasks screen on the peer's current (or last) task; target is the task id.
        case openTask
        /// Pins screen filtered to errors on the peer.
        case openPinsInError
        /// `DELETE /peers/{id}`: destructive, needs the usual confirmation.
        case removePeer
    }

    /// Key the triage screen binds.
    public var key: String
    public var label: String
    public var kind: Kind
    /// Peer id, or task id for `openTask`.
    public var target: String
    public var destructive: Bool { kind == .removePeer }
    /// Changes the cluster: hidden (and refused) when the console runs `--readonly`.
    public var mutating: Bool { kind == .removePeer || kind == .recoverPins }

    public init(key: String, label: String, kind: Kind, target: String) {
        self.key = key; self.label = label; self.kind = kind; self.target = target
    }
}
