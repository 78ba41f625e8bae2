import ConsoleCore
import Foundation
import TerminalUI

/// What a `:` command line means.
public enum ConsoleCommandLine: Equatable, Sendable {
    case screen(ScreenID)
    case context(String)
    case quit
    case help
    case refresh
    case fullRefresh
    case pin(String)
    /// `:add PATH`: the add (upload) form.
    case add(String)
    case unpin(String)
    case recover(String)
    case sim(verb: String, peer: String)
    case unknown(String)

    /// Parses a command with its aliases (k9s style: `:peers`, `:po`...); screens and their
    /// aliases come from the screen registry.
    @MainActor
    public static func parse(_ text: String) -> ConsoleCommandLine {
        let words = text.split(separator: " ").map(String.init)
        guard let first = words.first?.lowercased() else { return .unknown("") }
        let arg = words.count > 1 ? words[1] : ""
        if let screen = ScreenRegistry.screen(forCommand: first) { return .screen(screen) }
        switch first {
        case "pin" where arg.isEmpty: return .screen(.pins)
        case "ctx", "context": return arg.isEmpty ? .unknown(":ctx needs a context name") : .context(arg)
        case "q", "q!", "quit", "exit": return .quit
        case "help", "h": return .help
        case "refresh", "r": return .refresh
        case "full", "fullrefresh": return .fullRefresh
        case "pin": return .pin(arg)
        case "add", "upload": return .add(words.dropFirst().joined(separator: " "))
        case "unpin", "rm": return arg.isEmpty ? .unknown(":unpin needs a CID") : .unpin(arg)
        case "recover": return arg.isEmpty ? .unknown(":recover needs a CID") : .recover(arg)
        case "sim":
            // The gateway verbs concern the whole deployment: no peer.
            if words.count == 2, ["gateway-down", "gateway-up"].contains(words[1].lowercased()) {
                return .sim(verb: words[1].lowercased(), peer: "")
            }
            guard words.count >= 3 else { return .unknown(":sim needs a verb and a peer, e.g. :sim freeze IpfsCluster1 (or :sim gateway-down)") }
            return .sim(verb: words[1].lowercased(), peer: words[2])
        default: return .unknown("unknown command :\(first) (try \(ScreenRegistry.commandList) :q, or ?)")
        }
    }
}

extension ConsoleApp {
    mutating func runCommand(_ text: String) -> LoopAction {
        switch ConsoleCommandLine.parse(text) {
        case .screen(let s):
            ui.push(s)
            derive()
        case .context(let name):
            switchToContext = name
            return .quit
        case .quit: return .quit
        case .help: ui.showHelp = true
        case .refresh: dispatch(.intent(.refreshNow))
        case .fullRefresh: dispatch(.intent(.refreshAllPins))
        case .pin(let cid):
            if core.settings.readonly {
                ui.notice = ("READ-ONLY: pin add is disabled", true)
                return .redraw
            }
            var form = PinForm()
            form.fields[0].setText(cid)
            if !cid.isEmpty { form.focus = 1 }
            ui.form = form
        case .add(let path): openAddForm(path: path)
        case .unpin(let cid): confirm(.unpin(cid: cid))
        case .recover(let cid): confirm(.recover(cid: cid))
        case .sim(let verb, let peer):
            ui.notice = ("simulator: \(verb) \(peer)…", false)
            dispatch(.intent(.simulator(verb: verb, peer: peer)))
        case .unknown(let message): ui.notice = (message, true)
        }
        return .redraw
    }
}
