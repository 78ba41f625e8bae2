import ConsoleCore
import Foundation
import TerminalUI

/// Which screen is open: a registered screen's name, and for a detail screen what it shows
/// (`pin` + a CID). Each screen declares its own id beside its code (`ScreenID.peers`...).
public struct ScreenID: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let argument: String?

    public init(_ name: String, argument: String? = nil) {
        self.name = name
        self.argument = argument
    }

    /// The registered screen's title ("Peers", "Pin"...).
    @MainActor public var title: String { ScreenRegistry.entry(for: self).title }
    public var description: String { argument.map { "\(name) \($0)" } ?? name }
}

/// How a screen is opened relative to the stack.
public enum ScreenStacking: Sendable {
    /// Replaces the stack (the main lists: overview, peers, pins, alerts, history).
    case root
    /// On top of where the operator was, so Esc goes back there; opening it again returns to it.
    case overlay
    /// Pushed on top (a drill-down such as a pin's detail).
    case detail
}

/// One screen of the console. Adding a screen is one file that conforms to this, plus one line
/// in `ScreenRegistry.screens`: tabs, `:` commands and aliases, digits, help and read-only
/// filtering come from here and from the key map.
@MainActor
public protocol ConsoleScreen {
    /// The id's `name`; also the first `:` command.
    nonisolated static var name: String { get }
    static var title: String { get }
    /// Other `:` words that open it (k9s style: `:po`, `:svc`).
    static var aliases: [String] { get }
    /// The tab bar shows it (in registry order, with its digit).
    static var isTab: Bool { get }
    static var stacking: ScreenStacking { get }
    /// Its keys: dispatch, the hint line and `?` help read the same entries.
    static var keyMap: ScreenKeyMap { get }
    /// Keys of an embedded pane, listed first in help.
    static var paneHelp: KeyMap? { get }
    /// Draws it from the core state, the derived results and the view state; may change only
    /// scroll offsets.
    static func render(_ app: inout ConsoleApp, area: Rect, into buffer: inout CellBuffer)
    /// Keys the screen takes before its key map (a pane's own keys, the triage actions); nil
    /// lets the key map have it.
    static func handle(_ key: Key, _ app: inout ConsoleApp) -> LoopAction?
    /// Row and scroll moves (the key map's `navigate` keys).
    static func navigate(_ key: Key, _ app: inout ConsoleApp)
    /// Esc: clears what the screen narrowed (true), else the app goes back a screen.
    static func clear(_ app: inout ConsoleApp) -> Bool
}

extension ConsoleScreen {
    public static var aliases: [String] { [] }
    public static var isTab: Bool { true }
    public static var stacking: ScreenStacking { .root }
    public static var paneHelp: KeyMap? { nil }
    public static func handle(_ key: Key, _ app: inout ConsoleApp) -> LoopAction? { nil }
    public static func navigate(_ key: Key, _ app: inout ConsoleApp) {}
    public static func clear(_ app: inout ConsoleApp) -> Bool { false }
    static var id: ScreenID { ScreenID(name) }
}

/// Every screen, in tab order.
@MainActor
public enum ScreenRegistry {
    public static let screens: [any ConsoleScreen.Type] = [
        OverviewScreen.self, PeersScreen.self, PinsScreen.self, AlertsScreen.self, HistoryScreen.self,
        TasksScreen.self, ServicesScreen.self, LogsScreen.self, TriageScreen.self,
        PinDetailScreen.self,
    ]

    static let byName: [String: any ConsoleScreen.Type] = Dictionary(screens.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    /// The screen for an id (the first screen for an unknown name: ids come from the registry).
    public static func entry(for id: ScreenID) -> any ConsoleScreen.Type { byName[id.name] ?? screens[0] }

    /// Screens on the tab bar, in order; the n-th opens with digit n.
    public static var tabs: [any ConsoleScreen.Type] { screens.filter { $0.isTab } }

    /// The screen a `:` word opens.
    public static func screen(forCommand word: String) -> ScreenID? {
        let w = word.lowercased()
        return screens.first { $0.isTab && ($0.name == w || $0.aliases.contains(w)) }.map { ScreenID($0.name) }
    }

    /// Digit keys for the tabs (shown in help as one line).
    static var digitBindings: [Binding] {
        tabs.enumerated().map { i, s in
            Binding([.char(Character(String(i + 1)))], i == 0 ? (1...tabs.count).map(String.init).joined(separator: " ") : "",
                    i == 0 ? tabs.map { $0.title.lowercased() }.joined(separator: " / ") : s.title, .screen(ScreenID(s.name)))
        }
    }

    /// The `:` commands, for help and the unknown-command message.
    static var commandList: String { tabs.map { ":" + $0.name }.joined(separator: " ") }
}

/// Calls into the open screen through a generic parameter (the existential metatype opened),
/// which the compiler handles where a direct call with `inout` app crashed SILGen.
extension ConsoleApp {
    mutating func renderScreen(area: Rect, into buffer: inout CellBuffer) {
        Self.render(ScreenRegistry.entry(for: ui.screen), &self, area: area, into: &buffer)
    }

    mutating func screenHandle(_ key: Key) -> LoopAction? { Self.handle(ScreenRegistry.entry(for: ui.screen), key, &self) }
    mutating func screenNavigate(_ key: Key) { Self.navigate(ScreenRegistry.entry(for: ui.screen), key, &self) }
    mutating func screenClear() -> Bool { Self.clear(ScreenRegistry.entry(for: ui.screen), &self) }

    private static func render<S: ConsoleScreen>(_ s: S.Type, _ app: inout ConsoleApp, area: Rect, into buffer: inout CellBuffer) {
        S.render(&app, area: area, into: &buffer)
    }
    private static func handle<S: ConsoleScreen>(_ s: S.Type, _ key: Key, _ app: inout ConsoleApp) -> LoopAction? { S.handle(key, &app) }
    private static func navigate<S: ConsoleScreen>(_ s: S.Type, _ key: Key, _ app: inout ConsoleApp) { S.navigate(key, &app) }
    private static func clear<S: ConsoleScreen>(_ s: S.Type, _ app: inout ConsoleApp) -> Bool { S.clear(&app) }
}
