import ClusterAPI
import ConsoleCore
import Foundation
import LogTail
import TerminalUI
import Testing
@testable import console_bench

@Suite struct ProcStatTests {
    @Test func parsesUserSystemAndThreads() throws {
        let line = "4242 (ipfs-cluster-co) S 1 4242 4242 34816 4242 4194560 1532 0 0 0 37 12 0 0 20 0 6 0 12345 1000000 2000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n"
        let s = try #require(ProcStat.parse(line))
        #expect(s == ProcStat(state: "S", userTicks: 37, systemTicks: 12, threads: 6))
        #expect(s.totalTicks == 49)
    }

    /// The command name may hold spaces and parentheses; fields are counted after the last `)`.
    @Test func commandWithSpacesAndParentheses() throws {
        let line = "7 (a) b (c)) R 1 7 7 0 -1 4194304 10 0 0 0 3 4 0 0 20 0 2 0 99 0 0"
        let s = try #require(ProcStat.parse(line))
        #expect(s.state == "R")
        #expect(s.userTicks == 3)
        #expect(s.systemTicks == 4)
        #expect(s.threads == 2)
    }

    @Test(arguments: ["", "1 (x) S 1 2 3", "1 x S 1 1 1 0 -1 0 0 0 0 0 a b 0 0 20 0 1 0"])
    func malformedIsNil(line: String) {
        #expect(ProcStat.parse(line) == nil)
    }

    @Test func readsThisProcess() throws {
        let s = try #require(ProcStat.read(pid: getpid()))
        #expect(s.threads >= 1)
        #expect(s.state == "R" || s.state == "S")
    }
}

@Suite struct BenchInputTests {
    /// Figure (1) compares the fast decoder with JSONDecoder into ClusterAPI's types on the same
    /// bytes: both must read the generated body the same way.
    @Test func generatedPinsDecodeAlikeInBothDecoders() throws {
        var gen = PinsGenerator(pins: 400, peers: 3, seed: 5)
        let body = gen.pinsBody()
        let (table, _, _) = try ingest(body, chunk: 1000)
        let lines = body.split(separator: 0x0A)
        #expect(table.liveCount == 400)
        #expect(lines.count == 400)
        var errors = 0
        for line in lines {
            let m = try JSONDecoder().decode(GlobalPinInfo.self, from: Data(line))
            let r = try #require(table.row(cid: m.cid))
            #expect(table.name(r) == m.name)
            #expect(table.createdTime(r).nanoseconds == m.created.unixSeconds * 1_000_000_000 + Int64(m.created.nanoseconds))
            #expect(Set(table.allocations(r).map { table.peers[$0].id }) == Set(m.allocations))
            #expect(m.peerMap.count == 3)
            for (peer, e) in m.peerMap {
                let p = try #require(table.peerIndex(peer))
                #expect(table.statusName(table.status(r, peer: p)) == e.status.rawValue)
                #expect(table.errorText(r, peer: p) == e.error)
                #expect(table.attempts(r, peer: p) == e.attemptCount)
                #expect(table.entryTime(r, peer: p).nanoseconds == e.timestamp.unixSeconds * 1_000_000_000 + Int64(e.timestamp.nanoseconds))
                if e.status == .pinError { errors += 1 }
            }
        }
        // ~3% of pins carry an error on one peer.
        #expect(errors > 0 && errors < 40)
    }

    /// Figure (6)'s input is what the parser calls go-log, with real levels and blank lines.
    @Test func generatedLogLinesParseAsGoLog() {
        var gen = LogLinesGenerator(seed: 3)
        let body = gen.lines(2000)
        let result = ingestLog(body, source: "/tmp/peer0.log")
        #expect(result.physicalLines >= 2000 && result.physicalLines <= 2003)
        #expect(result.nonBlankLines < result.physicalLines) // access lines are followed by a blank one
        let lines = Array(result.ring)
        #expect(lines.count == result.nonBlankLines)
        let entries = lines.filter { !$0.isContinuation }
        #expect(entries.allSatisfy { [.goLog, .accessLog].contains($0.format) })
        #expect(entries.contains { $0.level == .error })
        #expect(entries.contains { $0.level == .warn })
        #expect(entries.contains { $0.subsystem == "restapilog" })
        #expect(lines.contains { $0.isContinuation })
    }
}

@MainActor
@Suite struct BenchConsoleScreenTests {
    /// Figure (5) measures the console's own pins screen, and `t` is a one-cell change.
    @Test func rendersTheConsolePinsScreenAndTMovesOneCell() throws {
        var gen = PinsGenerator(pins: 500, peers: 3, seed: 7)
        let (table, _, _) = try ingest(gen.pinsBody())
        var screen = BenchConsoleScreen(table: table)
        var memory = MemoryScreen(width: 240, height: 70)
        var buffer = CellBuffer(width: 240, height: 70)
        screen.render(into: &buffer)
        memory.draw(buffer)
        #expect(memory.text.contains("ipfs-cluster-console"))
        #expect(memory.text.contains("500 shown / 500 total"), "the console's pins screen:\n\(memory.text)")
        _ = screen.handle(.char("t"))
        buffer = CellBuffer(width: 240, height: 70)
        screen.render(into: &buffer)
        memory.draw(buffer)
        #expect(memory.lastChangeCount == 1)
    }
}
