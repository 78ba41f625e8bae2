import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs the console, then prints its exit status and the terminal mode, and keeps the pane open.
func wrapped(_ binary: String, _ args: String = "--showcase", prefix: String = "") -> String {
    "\(prefix)\(shellQuote(binary)) \(args); code=$?; stty -a; echo \"EXIT=$code\"; sleep 600"
}

/// Starts the toolkit showcase under tmux and waits for its first frame.
func showcase(width: Int, height: Int, args: String = "--showcase", prefix: String = "",
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> (tmux: Tmux, screen: String) {
    let tmux = Tmux()
    try tmux.start(wrapped(try consoleBinary(), args, prefix: prefix), width: width, height: height)
    let r = tmux.waitFor("row 1/200")
    #expect(r.ok, "first frame:\n\(r.screen)", sourceLocation: sourceLocation)
    return (tmux, r.screen)
}

/// The terminal is back in cooked mode with echo: `stty -a` lists `icanon` and `echo`, not `-icanon`/`-echo`.
func sttyIsSane(_ screen: String) -> Bool {
    let tokens = Set(screen.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
    return tokens.contains("icanon") && tokens.contains("echo") && !tokens.contains("-icanon") && !tokens.contains("-echo")
}

/// SGR colour parameters (30-49, 90-107) found in captured escape sequences.
private func colourParameters(_ styled: String) -> [Int] {
    var found: [Int] = []
    var rest = Substring(styled)
    while let start = rest.range(of: "\u{1B}[") {
        rest = rest[start.upperBound...]
        guard let end = rest.firstIndex(where: { !($0.isNumber || $0 == ";") }) else { break }
        if rest[end] == "m" {
            var params = rest[..<end].split(separator: ";").compactMap { Int($0) }
            // 38;5;N and 48;5;N: the N is a palette index, not a parameter of its own.
            var i = 0
            while i < params.count {
                if (params[i] == 38 || params[i] == 48), i + 2 < params.count + 0, params.count > i + 2 {
                    found.append(params[i]); params.removeSubrange(i...(i + 2)); continue
                }
                let p = params[i]
                if ((30...49).contains(p) || (90...107).contains(p)) && p != 39 && p != 49 { found.append(p) } // 39/49: default colours
                i += 1
            }
        }
        rest = rest[end...]
    }
    return found
}

@Suite(.serialized, .enabled(if: hasTmux(), "tmux is not installed (Scripts/test installs it)"))
struct ConsoleEndToEndTests {
    @Test func startNavigateHelpAndQuit() throws {
        let (tmux, first) = try showcase(width: 120, height: 40)
        var r = (screen: first, ok: true)
        #expect(r.screen.contains("toolkit showcase"))
        #expect(r.screen.contains("120x40"))
        #expect(r.screen.contains("CID"))
        #expect(r.screen.contains("データセット-3"), "wide text in a table cell")
        #expect(r.screen.contains("evilred-7"), "an escape sequence in a name is dropped, not interpreted")
        #expect(colourParameters(tmux.captureWithStyles()).allSatisfy { $0 != 31 && $0 != 91 }, "no red from the injected ESC[31m")
        #expect(tmux.display("#{alternate_on}") == "1")
        tmux.sendKeys("j", "j", "Down")
        r = tmux.waitFor("row 4/200")
        #expect(r.ok, "after j j Down:\n\(r.screen)")
        tmux.sendKeys("G")
        r = tmux.waitFor("row 200/200")
        #expect(r.ok, "after G:\n\(r.screen)")
        tmux.sendKeys("g")
        r = tmux.waitFor("row 1/200")
        #expect(r.ok, "after g:\n\(r.screen)")
        tmux.sendKeys("C-d")
        r = tmux.waitFor { !$0.contains("row 1/200") && $0.contains("/200") }
        #expect(r.ok, "after ctrl-d:\n\(r.screen)")
        tmux.sendKeys("s")
        r = tmux.waitFor("sort:CID▲")
        #expect(r.ok, "after s:\n\(r.screen)")
        tmux.sendKeys("?")
        r = tmux.waitFor("Help (Esc")
        #expect(r.ok, "help:\n\(r.screen)")
        #expect(r.screen.contains("Navigation"))
        #expect(r.screen.contains("half page down / up"))
        tmux.sendKeys("Escape")
        r = tmux.waitFor { !$0.contains("Help (Esc") }
        #expect(r.ok, "help closed:\n\(r.screen)")
        r = tmux.quit()
        #expect(r.ok, "quit:\n\(r.screen)")
        #expect(tmux.display("#{alternate_on}") == "0")
        r = tmux.waitFor { sttyIsSane($0) }
        #expect(r.ok, "stty after quit:\n\(r.screen)")
    }

    @Test func commandModeQuitAndDialog() throws {
        let tmux = try showcase(width: 100, height: 30).tmux
        var r: (screen: String, ok: Bool)
        tmux.sendKeys("d")
        r = tmux.waitFor("y confirm")
        #expect(r.ok, "dialog:\n\(r.screen)")
        tmux.sendKeys("y")
        r = tmux.waitFor("row 1/199")
        #expect(r.ok, "after confirming the unpin:\n\(r.screen)")
        tmux.sendKeys(":")
        tmux.sendLiteral("q")
        tmux.sendKeys("Enter")
        r = tmux.waitFor("EXIT=0")
        #expect(r.ok, ":q\n\(r.screen)")
    }

    @Test func resizeTo60x15AndBack() throws {
        let tmux = Tmux()
        try tmux.start(wrapped(try consoleBinary()), width: 120, height: 40)
        var r = tmux.waitFor("120x40")
        #expect(r.ok, "first frame:\n\(r.screen)")
        tmux.resize(width: 60, height: 15)
        // Wait for the whole frame (header and status line): a capture can land mid-update.
        r = tmux.waitFor { $0.contains("60x15") && $0.contains("row 1/200") }
        #expect(r.ok, "after resize to 60x15:\n\(r.screen)")
        #expect(r.screen.split(separator: "\n", omittingEmptySubsequences: false).count <= 16)
        tmux.sendKeys("j")
        r = tmux.waitFor("row 2/200")
        #expect(r.ok, "keys after resize:\n\(r.screen)")
        tmux.resize(width: 120, height: 40)
        r = tmux.waitFor("120x40")
        #expect(r.ok, "after resize back:\n\(r.screen)")
        #expect(!r.screen.contains("60x15"))
        r = tmux.quit()
        #expect(r.ok, "quit:\n\(r.screen)")
    }

    /// SIGTERM exits 143 (128 + 15); a crash signal exits non-zero after the handler restored the terminal.
    @Test(arguments: [(SIGTERM, "EXIT=143"), (SIGSEGV, nil)] as [(Int32, String?)])
    func terminalRestoredAfterSignal(_ signal: Int32, expectedExit: String?) throws {
        let tmux = try showcase(width: 120, height: 40).tmux
        let pids = tmux.appPIDs()
        #expect(pids.count == 1)
        for pid in pids { kill(pid, signal) }
        var r = tmux.waitFor(timeout: 60) { $0.contains(expectedExit ?? "EXIT=") }
        #expect(r.ok, "after signal \(signal):\n\(r.screen)")
        if expectedExit == nil { #expect(!r.screen.contains("EXIT=0")) }
        #expect(tmux.display("#{alternate_on}") == "0")
        r = tmux.waitFor { sttyIsSane($0) }
        #expect(r.ok, "stty after signal \(signal):\n\(r.screen)")
    }

    @Test(arguments: [(20, 5, "ipfs"), (300, 100, "300x100")])
    func tinyAndHugeTerminalsDoNotCrash(width: Int, height: Int, marker: String) throws {
        let tmux = Tmux()
        try tmux.start(wrapped(try consoleBinary()), width: width, height: height)
        var r = tmux.waitFor(marker)
        #expect(r.ok, "\(width)x\(height) first frame:\n\(r.screen)")
        tmux.sendKeys("j", "?", "Escape", "2", "3", "1", "G", ":")
        tmux.sendLiteral("中文")
        tmux.sendKeys("Escape", "d", "n")
        r = tmux.quit()
        #expect(r.ok, "\(width)x\(height) quit:\n\(r.screen)")
    }

    @Test func suspendWithCtrlZAndResume() throws {
        let tmux = try showcase(width: 100, height: 30).tmux
        var r: (screen: String, ok: Bool)
        tmux.sendKeys("C-z")
        #expect(tmux.waitForDisplay("#{alternate_on}", "0"), "ctrl-z should hand the terminal back")
        let pids = tmux.appPIDs()
        #expect(pids.count == 1)
        for pid in pids { kill(pid, SIGCONT) }
        #expect(tmux.waitForDisplay("#{alternate_on}", "1"), "resume should take the terminal again")
        r = tmux.waitFor("row 1/200")
        #expect(r.ok, "redrawn after resume:\n\(r.screen)")
        tmux.sendKeys("j")
        r = tmux.waitFor("row 2/200")
        #expect(r.ok, "keys after resume:\n\(r.screen)")
        r = tmux.quit()
        #expect(r.ok, "quit after resume:\n\(r.screen)")
    }

    @Test func noColorUsesAttributesOnly() throws {
        let colour = try showcase(width: 100, height: 30).tmux
        #expect(!colourParameters(colour.captureWithStyles()).isEmpty, "the default theme should use colour")
        for (prefix, args) in [("NO_COLOR=1 ", "--showcase"), ("", "--showcase --no-color")] {
            let tmux = try showcase(width: 100, height: 30, args: args, prefix: prefix).tmux
            let styled = tmux.captureWithStyles()
            #expect(colourParameters(styled).isEmpty, "colour used with \(prefix)\(args)")
            #expect(styled.contains("\u{1B}[7m") || styled.contains(";7m") || styled.contains("[7;"), "selection should be reverse video")
        }
    }

    @Test func ctrlCRestoresTheTerminal() throws {
        // The wrapper shell traps INT (a handler, which exec resets) so it survives to report.
        let tmux = try showcase(width: 100, height: 30, prefix: "trap : INT; ").tmux
        tmux.sendKeys("C-c")
        let r = tmux.waitFor("EXIT=130")
        #expect(r.ok, "after ctrl-c:\n\(r.screen)")
        #expect(tmux.display("#{alternate_on}") == "0")
        #expect(sttyIsSane(r.screen), "stty after ctrl-c:\n\(r.screen)")
    }

    @Test func themeOptionPicksABundledThemeAndRejectsUnknownOnes() throws {
        let (tmux, first) = try showcase(width: 100, height: 30, args: "--showcase --theme light")
        #expect(first.contains("light"))
        #expect(tmux.quit().ok)
        let bad = Tmux()
        try bad.start(wrapped(try consoleBinary(), "--showcase --theme no-such-theme"), width: 120, height: 20)
        let r = bad.waitFor("EXIT=")
        #expect(r.ok, "unknown theme:\n\(r.screen)")
        #expect(r.screen.contains("theme `no-such-theme` not found"))
        #expect(r.screen.contains("EXIT=1"))
    }

    @Test(arguments: [("env -u TERM ", "TERM is not set"),
                      ("TERM=no-such-terminal-xyz ", "unknown terminal type 'no-such-terminal-xyz'")])
    func badTerminalSetupIsAClearErrorNotAnAbort(prefix: String, message: String) throws {
        let tmux = Tmux()
        try tmux.start(wrapped(try consoleBinary(), prefix: prefix), width: 120, height: 20)
        let r = tmux.waitFor("EXIT=")
        #expect(r.ok, "\(prefix):\n\(r.screen)")
        #expect(r.screen.contains(message))
        #expect(r.screen.contains("EXIT=1"))
    }
}
