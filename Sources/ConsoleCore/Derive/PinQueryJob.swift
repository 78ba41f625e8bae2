import Foundation

/// One pin query over a copy of the pin table, to run off the loop when the table is large:
/// sorting or filtering a million rows must not hold a keypress. The previous result stays on
/// screen until the answer arrives. The copy costs O(chunks) and the loop, storing the next
/// chunk of a stream, then duplicates only the storage chunks it writes (``ChunkedArray``):
/// 0.7 ms for a 64 KiB `/pins` chunk at a million pins (console-bench figure 4).
public struct PinQueryJob: Sendable {
    /// What the result is for: the table version and the query.
    public struct Key: Sendable, Equatable {
        public var version: UInt64
        public var query: PinQuery
        public init(version: UInt64, query: PinQuery) {
            self.version = version
            self.query = query
        }
    }

    public struct Answer: Sendable {
        public var key: Key
        /// The rows in order, or why the query is invalid (a bad `re:` expression).
        public var result: Result<PinQueryResult, PinViewError>
    }

    public let key: Key
    let table: PinTable
    let previous: PinQueryResult?

    public init(key: Key, table: PinTable, previous: PinQueryResult?) {
        self.key = key
        self.table = table
        self.previous = previous
    }

    public func run() -> Answer {
        do { return Answer(key: key, result: .success(try table.computeView(key.query, previous: previous))) } catch {
            return Answer(key: key, result: .failure(error))
        }
    }
}
