import Foundation

/// Why a theme could not be loaded at all (as opposed to a bad line, which is a `ThemeDiagnostic`).
public enum ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No file for `name` in any of the searched places.
    case notFound(name: String, searched: [String])
    /// The file exists but could not be read as UTF-8 text.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let name, let searched):
            return "theme `\(sanitizeForTerminal(name))` not found (looked in: \(searched.joined(separator: ", ")))"
        case .unreadable(let path, let reason):
            return "cannot read theme file \(path): \(reason)"
        }
    }
}

/// A theme plus the problems found in its file; the console shows those in its status line.
public struct LoadedTheme: Sendable {
    public var theme: Theme
    public var diagnostics: [ThemeDiagnostic]
    /// Where it came from: a path, or `built-in`.
    public var source: String
}

/// Finds themes by name: user themes first, then the bundled `Themes/` folder, then the built-in
/// default.
///
/// Why this order: a user can shadow a bundled theme by name; the bundled folder is found by
/// walking up from the executable (the binary lives in `.build/<config>/` inside the repository),
/// so `--theme light` works whatever the current directory is.
public struct ThemeCatalog: Sendable {
    /// `$XDG_CONFIG_HOME/ipfs-cluster-console/themes` (default `~/.config/...`).
    public var userDirectory: String?
    /// The repository's `Themes/` folder if found.
    public var bundledDirectory: String?

    public init(userDirectory: String?, bundledDirectory: String?) {
        self.userDirectory = userDirectory
        self.bundledDirectory = bundledDirectory
    }

    /// The catalog for this process: user dir from the environment, bundled dir from the executable.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                executablePath: String? = ThemeCatalog.currentExecutablePath()) {
        self.userDirectory = ThemeCatalog.userThemeDirectory(environment: environment)
        self.bundledDirectory = executablePath.flatMap { ThemeCatalog.findBundledDirectory(startingAt: $0) }
    }

    /// `$XDG_CONFIG_HOME/ipfs-cluster-console/themes`, or `$HOME/.config/...` when unset/empty.
    public static func userThemeDirectory(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/ipfs-cluster-console/themes" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/ipfs-cluster-console/themes" }
        return nil
    }

    /// Resolves symlinks of the running binary (`/proc/self/exe` on Linux).
    public static func currentExecutablePath() -> String? {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        return Bundle.main.executablePath
    }

    /// Walks up from `path` looking for a `Themes/default.theme`.
    public static func findBundledDirectory(startingAt path: String) -> String? {
        var url = URL(fileURLWithPath: path).deletingLastPathComponent()
        for _ in 0..<8 {
            let candidate = url.appendingPathComponent("Themes")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("default.theme").path) {
                return candidate.path
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        return nil
    }

    /// Names of the themes available (bundled and user), sorted.
    public func availableNames() -> [String] {
        var names: Set<String> = ["default"]
        for dir in [bundledDirectory, userDirectory].compactMap({ $0 }) {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for f in files where f.hasSuffix(".theme") { names.insert(String(f.dropLast(6))) }
        }
        return names.sorted()
    }

    /// Loads `name`: a path (contains `/` or ends in `.theme`) is read directly; otherwise the user
    /// directory, then the bundled directory, then the built-in default (for `default` only).
    /// The file is overlaid on the built-in default, so missing roles keep default styles.
    public func load(_ name: String) throws(ThemeError) -> LoadedTheme {
        var searched: [String] = []
        if name.contains("/") || name.hasSuffix(".theme") {
            return try loadFile(path: name, name: URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent)
        }
        for dir in [userDirectory, bundledDirectory].compactMap({ $0 }) {
            let path = dir + "/" + name + ".theme"
            searched.append(dir)
            if FileManager.default.fileExists(atPath: path) { return try loadFile(path: path, name: name) }
        }
        if name == "default" { return LoadedTheme(theme: .default, diagnostics: [], source: "built-in") }
        throw .notFound(name: name, searched: searched)
    }

    /// Parses one file over the built-in default.
    public func loadFile(path: String, name: String) throws(ThemeError) -> LoadedTheme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "no such file or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "not UTF-8 text")
        }
        var base = Theme.default
        base.name = name
        let parsed = ThemeParser.parse(text, file: path, base: base)
        return LoadedTheme(theme: parsed.theme, diagnostics: parsed.diagnostics, source: path)
    }
}
