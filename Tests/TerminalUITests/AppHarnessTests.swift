import Testing
@testable import TerminalUI

/// A small app: a counter that `j` increments, `q` quits, events add to it.
private struct CounterApp: TerminalApp {
    enum Event: Sendable { case add(Int) }
    var count = 0
    var context: LoopContext<Event>?

    mutating func start(_ context: LoopContext<Event>) {
        self.context = context
        context.post(.add(10))
    }

    mutating func handle(_ key: Key) -> LoopAction {
        switch key {
        case .char("j"): count += 1; return .redraw
        case .char("q"): return .quit
        default: return .continue
        }
    }

    mutating func handle(event: Event) -> LoopAction {
        if case .add(let n) = event { count += n }
        return .redraw
    }

    mutating func render(into buffer: inout CellBuffer) {
        buffer.write("count=\(count) size=\(buffer.width)x\(buffer.height)", x: 0, y: 0, role: .title, theme: .default)
    }
}

@MainActor
@Suite struct AppHarnessTests {
    @Test func drivesKeysEventsAndResize() {
        var h = AppHarness(CounterApp(), width: 40, height: 5)
        #expect(h.text.hasPrefix("count=0 size=40x5"))
        h.processPosted()
        #expect(h.text.hasPrefix("count=10"))
        h.send(.char("j"), .char("j"))
        #expect(h.app.count == 12)
        #expect(h.screen.style(x: 0, y: 0) == Theme.default.style(.title))
        h.post(.add(5))
        #expect(h.text.hasPrefix("count=17"))
        h.resize(width: 30, height: 3)
        #expect(h.text.hasPrefix("count=17 size=30x3"))
        #expect(h.send(.char("q")) == .quit)
        #expect(h.quit)
        h.send(.char("j"))
        #expect(h.app.count == 17)
    }
}
