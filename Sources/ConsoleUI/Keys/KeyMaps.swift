import TerminalUI

/// The key maps of every screen, as data. Each screen names its map in its `ConsoleScreen`
/// conformance; dispatch, the hint line and `?` help read the same entries.
@MainActor
public enum KeyMaps {
    /// Moving through rows (or lines): every list screen.
    static let rowMoves: [Binding] = [
        Binding([.char("j"), .down], "j / ↓", "next row", .navigate),
        Binding([.char("k"), .up], "k / ↑", "previous row", .navigate),
        Binding([.char("g"), .home], "g / G", "first / last row", .navigate),
        Binding([.char("G"), .end], "", "last row", .navigate),
        Binding([.ctrl("d"), .ctrl("u")], "ctrl-d / ctrl-u", "half page down / up", .navigate),
    ]

    /// Screens without a drill-down or a second pane (alerts, history): the row moves only, so
    /// help does not offer keys that do nothing there.
    static let listNavigation: (String, [Binding]) = ("Navigation", rowMoves)

    static let navigation: (String, [Binding]) = ("Navigation", rowMoves + [
        Binding([.tab], "tab", "switch pane (table / action history)", .switchPane),
        Binding([.enter], "enter", "open details", .drill, hint: "open"),
        Binding([.escape], "esc", "back", .back, hint: "back"),
    ])

    /// Keys every screen has; the digits and the `:` list come from the screen registry.
    static var general: (String, [Binding]) {
        ("General", [
            Binding([.char(":")], ":", "command (\(ScreenRegistry.commandList) :ctx NAME :q)", .command, hint: "cmd"),
            Binding([.char("/")], "/", "filter (substring; re: for a regular expression)", .filter, hint: "filter"),
            Binding([.char("r")], "r", "refresh now", .refresh, hint: "refresh"),
        ] + ScreenRegistry.digitBindings + [
            Binding([.char("x")], "x", "cancel the running action / full refresh", .cancelAction),
            Binding([.char("?"), .f(1)], "? / F1", "this help (F1 where ? searches, e.g. in logs)", .help, hint: "help"),
            Binding([.char("q")], "q", "quit", .quit, hint: "quit"),
        ])
    }

    /// The home screen: rows are peers, ←/→ pick the column Enter opens.
    public static let overview = ScreenKeyMap([
        ("Navigation", rowMoves + [
            Binding([.left, .char("<")], "← / →", "previous / next column (enter opens the selected cell)", .navigate, hint: "column"),
            Binding([.right, .char(">")], "", "next column", .navigate),
            Binding([.enter], "enter", "open the cell: peer, ECS task, triage evidence (EFS, ALB, CPU, memory, alarms), error logs",
                    .drill, hint: "open"),
            Binding([.escape], "esc", "back", .back),
        ]),
        ("Peer", [
            Binding([.char("p")], "p", "pins of this peer (errors first)", .peerPins, hint: "pins"),
            Binding([.char("l")], "l", "logs of this peer (warnings and errors)", .peerLogs, hint: "logs"),
            Binding([.char("t")], "t", "ECS task of this peer", .peerTask, hint: "task"),
            Binding([.char("T")], "T", "triage this peer (verdict, evidence, impact, next steps)", .openTriage, hint: "triage"),
        ]),
        general,
    ])

    public static let peers = ScreenKeyMap([
        navigation,
        ("Peers", [
            Binding([.char("s")], "s / S", "sort by next column / reverse", .sortNext, hint: "sort"),
            Binding([.char("S")], "", "reverse sort", .sortReverse),
            Binding([.char("p")], "p / enter", "pins of this peer (errors first)", .peerPins, hint: "pins"),
            Binding([.char("R")], "R", "recover every pin in error on this peer", .recoverPeerErrors, mutating: true, hint: "recover errors"),
            Binding([.char("D")], "D", "remove this peer from the cluster (typed confirmation)", .removePeer, mutating: true),
            Binding([.char("a")], "a", "pin a CID (form)", .pinAdd, mutating: true, hint: "pin"),
            Binding([.char("l")], "l", "logs of this peer (warnings and errors)", .peerLogs, hint: "logs"),
            Binding([.char("t")], "t", "ECS task of this peer", .peerTask, hint: "task"),
            Binding([.char("T")], "T", "triage this peer (verdict, evidence, impact, next steps)", .openTriage, hint: "triage"),
        ]),
        logsSplit,
        general,
    ])

    /// Keys the app keeps on pane screens (the pane sees every key first).
    public static let paneGeneral = ScreenKeyMap([
        ("Screen", [Binding([.escape], "esc", "back (once the pane has nothing to clear)", .back, hint: "back")]),
        general,
    ])

    static let logsSplit: (String, [Binding]) = ("Logs split", [
        Binding([.char("L"), .ctrl("l")], "L / ctrl-l", "show / hide the logs under the table (tab moves the keys there)", .toggleLogsSplit, hint: "log split"),
    ])

    /// The triage screen's keys act on the selected block's peer; its heading line, `next:`
    /// actions and `?` help are drawn from these entries.
    public static let triage = ScreenKeyMap([
        ("Triage", [
            Binding([.char("j"), .down, .char("k"), .up, .char("g"), .home, .char("G"), .end], "j / k", "next / previous unhealthy peer",
                    .navigate, hint: "select"),
            Binding([.ctrl("d"), .pageDown, .ctrl("u"), .pageUp], "ctrl-d / ctrl-u", "scroll down / up (a long block)", .navigate),
            Binding([.char("r")], "r", "recover the selected peer's pins in error (typed confirmation)", .recoverPeerErrors,
                    mutating: true, hint: "recover"),
            Binding([.char("e")], "e", "show its pins in error (pins screen)", .peerPinErrors, hint: "pins"),
            Binding([.char("l")], "l", "open its logs filtered to warnings and errors", .peerLogs, hint: "logs"),
            Binding([.char("t")], "t", "open its ECS task", .peerTask, hint: "task"),
            Binding([.char("X")], "X", "remove it from the cluster (typed confirmation)", .removePeer, mutating: true, hint: "remove"),
            Binding([.char("w")], "w", "write an incident snapshot (Markdown + JSON)", .writeSnapshot, hint: "snapshot"),
            Binding([.char("f")], "f", "show long names and errors whole / cut them again", .toggleFullText),
            Binding([.enter], "enter", "show the peer on the peers screen", .drill, hint: "peer"),
            Binding([.escape], "esc", "back", .back, hint: "back"),
        ]),
        general,
    ])

    public static let pins = ScreenKeyMap([
        navigation,
        ("Pins", [
            Binding([.char("c")], "c / C", "next / previous status chip (all, error, queued...)", .nextChip, hint: "chip"),
            Binding([.char("C")], "", "previous status chip", .previousChip),
            Binding([.char("s")], "s / S", "sort by next column / reverse", .sortNext, hint: "sort"),
            Binding([.char("S")], "", "reverse sort", .sortReverse),
            Binding([.char("F")], "F", "full refresh of every pin's status (global /pins; x cancels)", .fullRefresh, hint: "full refresh"),
            Binding([.char("a")], "a", "pin a CID (form)", .pinAdd, mutating: true, hint: "pin"),
            Binding([.char("u")], "u", "upload a file or folder (add form; x cancels)", .add, mutating: true, hint: "add"),
            Binding([.char("d")], "d", "unpin the selected pin (confirmation)", .unpin, mutating: true, hint: "unpin"),
            Binding([.char("R")], "R", "recover the selected pin", .recover, mutating: true, hint: "recover"),
            Binding([.char("E")], "E", "recover every pin shown (typed confirmation)", .bulkRecover, mutating: true),
            Binding([.char("U")], "U", "unpin every pin shown (typed confirmation)", .bulkUnpin, mutating: true),
        ]),
        logsSplit,
        ("Peer strip", [
            Binding([], "P > q", "pinned, pinning, queued", .navigate),
            Binding([], "E ! U", "pin error, cluster error (peer unreachable), unexpectedly unpinned", .navigate),
            Binding([], "- u ·", "remote (not allocated here), unpinned, not reported", .navigate),
        ]),
        general,
    ])

    public static let pinDetail = ScreenKeyMap([
        ("Pin", [
            Binding([.char("j"), .down, .char("k"), .up, .char("g"), .home, .char("G"), .end, .ctrl("d"), .ctrl("u")],
                    "j / k  g / G  ctrl-d / ctrl-u", "scroll", .navigate),
            Binding([.char("R")], "R", "recover this pin", .recover, mutating: true, hint: "recover"),
            Binding([.char("d")], "d", "unpin this pin (confirmation)", .unpin, mutating: true, hint: "unpin"),
            Binding([.char("r")], "r", "reload this pin's status", .refresh, hint: "reload"),
            Binding([.char("f")], "f", "show long names and errors whole / cut them again", .toggleFullText),
            Binding([.escape], "esc", "back to the list", .back, hint: "back"),
        ]),
        general,
    ])

    public static let alerts = ScreenKeyMap([
        listNavigation,
        ("Alerts", [
            Binding([.char("A")], "A", "recover all pins in error, cluster-wide (typed confirmation)", .recoverAllErrors, mutating: true, hint: "recover all"),
            Binding([.ctrl("g")], "ctrl-g", "repo gc on every peer (confirmation)", .repoGC, mutating: true),
        ]),
        general,
    ])

    public static let history = ScreenKeyMap([listNavigation, general])
}
