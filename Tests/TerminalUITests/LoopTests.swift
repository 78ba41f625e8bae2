import Testing
@testable import TerminalUI

@Suite struct WakeQueueTests {
    @Test func burstsArriveAsOneBatchInOrder() async {
        let queue = WakeQueue<Int>()
        for i in 0..<100 { queue.push(.event(i)) }
        queue.push(.tick)
        let batch = await queue.next()
        #expect(batch.count == 101)
        let events = batch.compactMap { wake -> Int? in if case .event(let e) = wake { return e }; return nil }
        #expect(events == Array(0..<100))
        if case .tick = batch.last! {} else { Issue.record("tick should come last") }
    }

    @Test func waiterIsWokenByAPushFromAnotherTask() async {
        let queue = WakeQueue<String>()
        let context = LoopContext(queue: queue, colorDepth: .xterm256)
        Task.detached { context.post("hello") }
        let batch = await queue.next()
        guard case .event(let text) = batch.first else { Issue.record("expected an event"); return }
        #expect(text == "hello")
        context.requestTick(after: .milliseconds(1))
        let tick = await queue.next()
        if case .tick = tick.first {} else { Issue.record("expected a tick") }
    }
}
