import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Every way out of the console hands the terminal back as it was: not only the main screen and
/// cooked mode, but keypad transmit mode off (else the shell's arrow keys arrive as `ESC O A`),
/// the cursor visible and attributes reset. tmux reports those modes per pane, so the check is
/// on the terminal's state, not on the bytes sent.
@Suite(.serialized, .enabled(if: hasTmux(), "tmux is not installed (Scripts/test installs it)"))
struct TerminalRestoreEndToEndTests {
    /// keypad cursor mode (`ESC[?1h`), keypad mode (`ESC=`), cursor visible, alternate screen.
    static let modes = "#{keypad_cursor_flag}#{keypad_flag}#{cursor_flag}#{alternate_on}"
    /// Both keypad modes off, cursor on, main screen.
    static let restored = "0010"

    @Test(arguments: [(SIGTERM, "EXIT=143"), (SIGHUP, "EXIT=129"), (SIGINT, "EXIT=130"),
                      (SIGSEGV, "EXIT="), (SIGABRT, "EXIT=")] as [(Int32, String)])
    func keypadCursorAndScreenRestoredAfterSignal(_ signal: Int32, expectedExit: String) throws {
        let tmux = try showcase(width: 100, height: 30).tmux
        // The console has switched the modes on: this is what the restore has to undo.
        #expect(tmux.waitForDisplay(Self.modes, "1101"), "modes while running: \(tmux.display(Self.modes))")
        let pids = tmux.appPIDs()
        #expect(pids.count == 1)
        for pid in pids { kill(pid, signal) }
        var r = tmux.waitFor(timeout: 60) { $0.contains(expectedExit) }
        #expect(r.ok, "after signal \(signal):\n\(r.screen)")
        #expect(!r.screen.contains("EXIT=0"))
        #expect(tmux.display(Self.modes) == Self.restored, "modes after signal \(signal): \(tmux.display(Self.modes))")
        r = tmux.waitFor { sttyIsSane($0) }
        #expect(r.ok, "stty after signal \(signal):\n\(r.screen)")
    }

    @Test func keypadCursorAndScreenRestoredAfterQuit() throws {
        let tmux = try showcase(width: 100, height: 30).tmux
        #expect(tmux.waitForDisplay(Self.modes, "1101"), "modes while running: \(tmux.display(Self.modes))")
        let r = tmux.quit()
        #expect(r.ok, "quit:\n\(r.screen)")
        #expect(tmux.display(Self.modes) == Self.restored, "modes after quit: \(tmux.display(Self.modes))")
    }
}
