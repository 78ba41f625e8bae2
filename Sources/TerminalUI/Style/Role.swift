/// What a piece of the screen means, not how it looks. Widgets draw with roles; a `Theme` maps each
/// role to a `Style`. Raw values are the keys used in `.theme` files.
///
/// Why semantic: status colours (a failing pin) must stay distinct from chrome (a border) in every
/// theme, and the no-colour mode needs a per-role attribute fallback so no state relies on colour.
public enum Role: String, CaseIterable, Hashable, Sendable {
    // Chrome
    case text = "text"
    case header = "header"
    case title = "title"
    case border = "border"
    case tableHeader = "table.header"
    case statusLine = "status-line"
    case tabActive = "tab.active"
    case tabInactive = "tab.inactive"
    case selection = "selection"
    case dim = "dim"
    case keyHint = "key-hint"
    case toast = "toast"
    case dialog = "dialog"
    case prompt = "prompt"
    // Status colours
    case ok = "status.ok"
    case warning = "status.warning"
    case error = "status.error"
    case critical = "status.critical"
    case info = "status.info"
    case muted = "status.muted"
    // Pin states
    case pinPinned = "pin.pinned"
    case pinPinning = "pin.pinning"
    case pinQueued = "pin.queued"
    case pinError = "pin.error"
    case pinRemote = "pin.remote"
    case pinUnpinned = "pin.unpinned"
    case pinUnexpected = "pin.unexpected"
    // Peer states
    case peerUp = "peer.up"
    case peerMissing = "peer.missing"
    case peerIPFSDown = "peer.ipfs-down"
    // Log levels
    case logDebug = "log.debug"
    case logInfo = "log.info"
    case logWarn = "log.warn"
    case logError = "log.error"
    case logFatal = "log.fatal"
    // Search
    case match = "match"

    /// Attributes used for this role when no colour is available, so every state stays
    /// distinguishable on a monochrome terminal (merged into the theme's own attributes).
    public var monochromeAttributes: Attributes {
        switch self {
        case .text, .border, .tabInactive, .pinPinned, .peerUp, .logInfo, .ok, .info: return []
        case .header, .statusLine, .selection, .toast, .match: return .reverse
        case .title, .tabActive, .keyHint, .tableHeader, .prompt, .dialog: return .bold
        case .dim, .muted, .pinRemote, .pinUnpinned, .logDebug: return .dim
        case .warning, .pinPinning, .pinQueued, .logWarn: return .underline
        case .error, .pinError, .peerMissing, .logError, .peerIPFSDown, .pinUnexpected: return .bold
        case .critical, .logFatal: return [.bold, .reverse]
        }
    }
}
