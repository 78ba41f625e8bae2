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
    public static func from(argument: String) -> FollowTarget {
        if argument.contains(where: { "*?[".contains($0) }) { return .glob(argument) }
        var st = stat()
        if stat(argument, &st) == 0, st.st_mode & S_IFMT == S_IFDIR {
            return .directory(Self.trimSlash(argument), pattern: "*.log")
        }
        return .file(argument)
    }

    static func trimSlash(_ s: String) -> String {
        var s = s
        while s.count > 1, s.hasSuffix("/") { s.removeLast() }
        return s
    }
}
