import Glibc

/// What to follow. Several targets can be followed by one `LogFollower`.
public enum FollowTarget: Sendable, Hashable {
    /// One file, followed by name like `tail -F`: it may not exist yet, may be rotated or deleted.
    case file(String)
    /// A shell glob such as `/var/log/cluster/*.log`, re-expanded on every slow check so that
    /// matching files created later are picked up.
    case glob(String)
    /// A directory followed recursively for files whose name matches `pattern` (default `*.log`).
    /// Paths below it become sources relative to it, so `<root>/<prefix>/<container>/<task>.log`
    /// maps to container and task id.
    case directory(String, pattern: String)

    /// Interprets a command-line argument: a glob when it has wildcard characters, a directory when
    /// it names one, otherwise a file (which may not exist yet).
    /// A leading `~` is the home folder (the README's examples quote it). `**` means "any depth":
    /// `~/logs/**/*.log` follows every `*.log` below `~/logs`, as a recursive directory target.
    public static func from(argument raw: String) -> FollowTarget {
        let argument = expandTilde(raw)
        if let recursive = recursiveGlob(argument) { return recursive }
        if argument.contains(where: { "*?[".contains($0) }) { return .glob(argument) }
        var st = stat()
        if stat(argument, &st) == 0, st.st_mode & S_IFMT == S_IFDIR {
            return .directory(Self.trimSlash(argument), pattern: "*.log")
        }
        return .file(argument)
    }

    /// `root/**/name-pattern` as `.directory(root, pattern: name-pattern)`; nil without `**`.
    /// Folders between `**` and the name are not matched separately: `a/**/x/*.log` follows every
    /// `*.log` below `a`. A root with wildcards of its own is not supported (no target).
    static func recursiveGlob(_ argument: String) -> FollowTarget? {
        guard let star = argument.firstRange(of: "**") else { return nil }
        let root = trimSlash(String(argument[..<star.lowerBound]))
        guard !root.contains(where: { "*?[".contains($0) }) else { return nil }
        let rest = argument[star.upperBound...]
        let name = rest.split(separator: "/").last.map(String.init) ?? ""
        let pattern = name.isEmpty || name == "**" ? "*" : name
        return .directory(root.isEmpty ? "." : root, pattern: pattern)
    }

    static func expandTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = getenv("HOME").map({ String(cString: $0) }) else { return path }
        return home + path.dropFirst(1)
    }

    static func trimSlash(_ s: String) -> String {
        var s = s
        while s.count > 1, s.hasSuffix("/") { s.removeLast() }
        return s
    }
}
