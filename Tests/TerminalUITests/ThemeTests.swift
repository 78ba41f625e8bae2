import Foundation
import Testing
@testable import TerminalUI

/// The repository's Themes/ folder, found from this file's path.
private let themesDirectory: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Themes").path
}()

private func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tui-theme-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

@Suite struct ThemeParsingTests {
    @Test func builtInDefaultEqualsTheFile() throws {
        let file = try String(contentsOfFile: themesDirectory + "/default.theme", encoding: .utf8)
        #expect(BuiltinThemes.defaultThemeText + "\n" == file)
    }

    @Test(arguments: ["default", "light", "high-contrast", "monochrome"])
    func bundledThemesParseCleanlyAndNameEveryRole(name: String) throws {
        let text = try String(contentsOfFile: themesDirectory + "/\(name).theme", encoding: .utf8)
        let parsed = ThemeParser.parse(text, file: name, base: Theme(name: name, styles: [:]))
        #expect(parsed.diagnostics.isEmpty)
        let named = Set(text.split(separator: "\n").compactMap { line -> String? in
            let l = line.trimmingCharacters(in: .whitespaces)
            guard !l.hasPrefix("#"), let eq = l.firstIndex(of: "=") else { return nil }
            return l[..<eq].trimmingCharacters(in: .whitespaces)
        })
        #expect(named == Set(Role.allCases.map(\.rawValue)))
    }

    @Test func parsesValues() throws {
        let (theme, diagnostics) = ThemeParser.parse("""
            # comment
            header = fg=#e0e0e0 bg=236 bold   # trailing comment
            selection = default reverse
            status.error = fg=bright-red underline italic
            """, file: "t.theme", base: .default)
        #expect(diagnostics.isEmpty)
        #expect(theme.style(.header) == Style(foreground: .rgb(0xE0, 0xE0, 0xE0), background: .index(236), attributes: .bold))
        #expect(theme.style(.selection) == Style(attributes: .reverse))
        #expect(theme.style(.error) == Style(foreground: .ansi(9), attributes: [.underline, .italic]))
        #expect(theme.style(.border) == Theme.default.style(.border))
    }

    @Test func badLinesNameFileAndLineAndKeepDefaults() {
        let text = """
            header = fg=#e0e0e0
            bogus.role = bold
            selection = fg=#12345z
            border = blink
            title
            dim = fg=300
            """
        let (theme, diagnostics) = ThemeParser.parse(text, file: "/tmp/x.theme", base: .default)
        #expect(diagnostics.map(\.line) == [2, 3, 4, 5, 6])
        #expect(diagnostics.allSatisfy { $0.file == "/tmp/x.theme" })
        #expect(diagnostics[0].description.hasPrefix("/tmp/x.theme:2: unknown role `bogus.role`"))
        #expect(diagnostics[1].message.contains("bad colour `#12345z`"))
        #expect(diagnostics[2].message.contains("unknown attribute `blink`"))
        #expect(diagnostics[3].message.contains("expected `role = value`"))
        #expect(theme.style(.selection) == Theme.default.style(.selection))
        #expect(theme.style(.border) == Theme.default.style(.border))
        #expect(theme.style(.header) == Style(foreground: .rgb(0xE0, 0xE0, 0xE0)))
    }

    @Test func fileTextRoundTrips() {
        let (again, diagnostics) = ThemeParser.parse(Theme.default.fileText, file: "dump", base: Theme(name: "default", styles: [:]))
        #expect(diagnostics.isEmpty)
        #expect(again == Theme.default)
    }
}

@Suite struct ThemeCatalogTests {
    @Test func findsBundledThemesFromTheExecutablePath() throws {
        let repo = URL(fileURLWithPath: themesDirectory).deletingLastPathComponent()
        let exe = repo.appendingPathComponent(".build/debug/ipfs-cluster-console").path
        let catalog = ThemeCatalog(environment: ["HOME": "/nonexistent"], executablePath: exe)
        #expect(catalog.bundledDirectory == themesDirectory)
        let light = try catalog.load("light")
        #expect(light.diagnostics.isEmpty)
        #expect(light.theme.name == "light")
        #expect(light.theme != Theme.default)
        #expect(Set(catalog.availableNames()).isSuperset(of: ["default", "light", "high-contrast", "monochrome"]))
        #expect(try catalog.load("default").theme.fileText == Theme.default.fileText)
    }

    @Test func userThemesUnderXDGConfigHomeWinAndReportBadLines() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let themes = dir.appendingPathComponent("ipfs-cluster-console/themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try "selection = fg=red reverse\nnope = bold\n".write(to: themes.appendingPathComponent("mine.theme"), atomically: true, encoding: .utf8)
        let catalog = ThemeCatalog(environment: ["XDG_CONFIG_HOME": dir.path], executablePath: nil)
        #expect(catalog.userDirectory == themes.path)
        let mine = try catalog.load("mine")
        #expect(mine.theme.style(.selection) == Style(foreground: .ansi(1), attributes: .reverse))
        #expect(mine.theme.style(.header) == Theme.default.style(.header))
        #expect(mine.diagnostics.count == 1)
        #expect(mine.diagnostics.first?.line == 2)
        #expect(mine.diagnostics.first?.file.hasSuffix("mine.theme") == true)
        #expect(ThemeCatalog.userThemeDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.config/ipfs-cluster-console/themes")
    }

    @Test func unknownThemeIsAClearError() {
        let catalog = ThemeCatalog(userDirectory: "/nonexistent/a", bundledDirectory: "/nonexistent/b")
        #expect(throws: ThemeError.notFound(name: "nope", searched: ["/nonexistent/a", "/nonexistent/b"])) {
            try catalog.load("nope")
        }
        #expect((try? catalog.load("default"))?.source == "built-in")
        #expect(throws: ThemeError.self) { try catalog.load("/nonexistent/c.theme") }
    }
}

@Suite struct ColourTests {
    @Test func parsesColours() {
        #expect(Color(parsing: "default") == .default)
        #expect(Color(parsing: "red") == .ansi(1))
        #expect(Color(parsing: "bright-white") == .ansi(15))
        #expect(Color(parsing: "grey") == .ansi(8))
        #expect(Color(parsing: "236") == .index(236))
        #expect(Color(parsing: "#FF8000") == .rgb(255, 128, 0))
        #expect(Color(parsing: "256") == nil)
        #expect(Color(parsing: "#fff") == nil)
        #expect(Color(parsing: "purple") == nil)
    }

    @Test func stepsDownRGBTo256To16To8ToNone() {
        #expect(ColorDepth.xterm256.map(.rgb(255, 0, 0)) == .index(196))
        #expect(ColorDepth.xterm256.map(.rgb(0x80, 0x80, 0x80)) == .index(244))
        #expect(ColorDepth.xterm256.map(.rgb(0, 0, 0)) == .index(16))
        #expect(ColorDepth.xterm256.map(.index(42)) == .index(42))
        #expect(ColorDepth.ansi16.map(.rgb(255, 0, 0)) == .ansi(9))
        #expect(ColorDepth.ansi16.map(.index(196)) == .ansi(9))
        #expect(ColorDepth.ansi16.map(.index(4)) == .ansi(4))
        #expect(ColorDepth.ansi16.map(.index(236)) == .ansi(0))
        #expect(ColorDepth.ansi8.map(.rgb(255, 0, 0)) == .ansi(1))
        #expect(ColorDepth.ansi8.map(.ansi(12)) == .ansi(4))
        #expect(ColorDepth.ansi8.map(.default) == .default)
        #expect(ColorDepth.none.map(.rgb(1, 2, 3)) == nil)
        #expect(ColorDepth(colors: 256) == .xterm256)
        #expect(ColorDepth(colors: 16) == .ansi16)
        #expect(ColorDepth(colors: 8) == .ansi8)
        #expect(ColorDepth(colors: 0) == .none)
        #expect(ColorDepth(colors: -1) == .none)
    }

    @Test func noColorKeepsStatesDistinctWithAttributes() {
        let mono = Theme.default.adapted(to: .none)
        for role in Role.allCases {
            #expect(mono.style(role).foreground == .default)
            #expect(mono.style(role).background == .default)
            #expect(mono.style(role).attributes.isSuperset(of: role.monochromeAttributes))
        }
        #expect(mono.style(.selection).attributes.contains(.reverse))
        #expect(mono.style(.match).attributes.contains(.reverse))
        #expect(mono.style(.pinError) != mono.style(.pinPinned))
        #expect(mono.style(.peerMissing) != mono.style(.peerUp))
        let sixteen = Theme.default.adapted(to: .ansi16)
        #expect(Role.allCases.allSatisfy { r in
            [sixteen.style(r).foreground, sixteen.style(r).background].allSatisfy { c in
                if case .ansi = c { return true }
                return c == .default
            }
        })
    }

    @Test func noColorEnvironment() {
        #expect(Theme.colorDisabled(flag: false, environment: ["NO_COLOR": "1"]))
        #expect(!Theme.colorDisabled(flag: false, environment: ["NO_COLOR": ""]))
        #expect(!Theme.colorDisabled(flag: false, environment: [:]))
        #expect(Theme.colorDisabled(flag: true, environment: [:]))
    }
}
