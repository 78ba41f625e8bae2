import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Drives a private tmux server for end-to-end tests.
///
/// Why posix_spawn and not Foundation.Process: the daemonised tmux server inherits Process's
/// child-monitor pipe and `waitUntilExit` hangs; and processes spawned from Swift concurrency
/// threads inherit a mask blocking most signals (the server then ignores kill-server, the app never
/// sees SIGWINCH). So every tmux call is spawned with an empty signal mask and default handlers,
/// on its own `-L` socket with `-f /dev/null`.
final class Tmux {
    let socket: String
    let session = "e2e"
    private let outputPath: String

    init() {
        socket = "tui-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).out").path
    }

    deinit {
        _ = run(["kill-server"])
        unlink(outputPath)
    }

    /// Starts a detached session of `width` x `height` running `command` under `sh -c`.
    func start(_ command: String, width: Int, height: Int) throws {
        let r = run(["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height),
                     "-e", "SWIFT_BACKTRACE=interactive=no", "-e", "LANG=C.UTF-8",
                     "sh", "-c", command])
        guard r.status == 0 else { throw TmuxFailure(message: "new-session failed (\(r.status)): \(r.output)") }
    }

    /// Runs `command` under `sh -c` in a new window that becomes the captured one (the first
    /// window's program, e.g. a simulator, keeps running behind it).
    func openWindow(_ command: String) { _ = run(["new-window", "-t", session, "sh", "-c", command]) }

    /// Runs `command` under `sh -c` in a second, background window: the pane under test stays
    /// the one captured.
    func runInBackgroundWindow(_ command: String) { _ = run(["new-window", "-d", "-t", session, "sh", "-c", command]) }

    func sendKeys(_ keys: String...) { _ = run(["send-keys", "-t", session] + keys) }
    func sendLiteral(_ text: String) { _ = run(["send-keys", "-t", session, "-l", text]) }
    func resize(width: Int, height: Int) {
        _ = run(["resize-window", "-t", session, "-x", String(width), "-y", String(height)])
    }

    /// The pane's text.
    func capture() -> String { run(["capture-pane", "-p", "-t", session]).output }

    /// The pane's text with SGR sequences kept (`capture-pane -e`).
    func captureWithStyles() -> String { run(["capture-pane", "-p", "-e", "-t", session]).output }

    /// Polls a pane format variable until it equals `expected`; returns whether it did.
    func waitForDisplay(_ format: String, _ expected: String, timeout: Double = 15) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if display(format) == expected { return true }
            usleep(20_000)
        }
        return false
    }

    /// A pane format variable, e.g. `#{alternate_on}`.
    func display(_ format: String) -> String {
        run(["display-message", "-p", "-t", session, format]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the pane until `predicate` holds or `timeout` passes; returns the last screen and
    /// whether it matched. Generous deadlines: this only bounds a hang, it does not time anything.
    func waitFor(timeout: Double = 15, _ predicate: (String) -> Bool) -> (screen: String, ok: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = capture()
            if predicate(screen) { return (screen, true) }
            usleep(20_000)
        }
        return (screen, false)
    }

    /// Presses q and waits for the `EXIT=0` the tests' shells print after the console: a clean exit.
    func quit(timeout: Double = 15) -> (screen: String, ok: Bool) {
        sendKeys("q")
        return waitFor("EXIT=0", timeout: timeout)
    }

    func waitFor(_ text: String, timeout: Double = 15) -> (screen: String, ok: Bool) {
        waitFor(timeout: timeout) { $0.contains(text) }
    }

    /// PIDs of the children of the pane's shell (the console under test).
    func appPIDs() -> [pid_t] {
        guard let shell = Int32(display("#{pane_pid}")) else { return [] }
        let path = "/proc/\(shell)/task/\(shell)/children"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    @discardableResult
    func run(_ args: [String]) -> (status: Int32, output: String) {
        let argv = ["tmux", "-L", socket, "-f", "/dev/null"] + args
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        // The server (and so every pane) gets this environment: drop what would change the app's
        // behaviour under test (swift test sets NO_COLOR when its output is not a terminal).
        let dropped: Set<String> = ["NO_COLOR", "TMUX", "TMUX_PANE", "XDG_CONFIG_HOME", "LC_ALL", "COLUMNS", "LINES"]
        let env = ProcessInfo.processInfo.environment.filter { !dropped.contains($0.key) }.map { "\($0.key)=\($0.value)" }
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "tmux", &fileActions, &attributes, &cArgs, &cEnv)
        guard rc == 0 else { return (-1, "posix_spawnp tmux failed: \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exit, output)
    }
}

struct TmuxFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
