import ClusterAPI
import ECSState
import Foundation
import LogTail

/// How an event is written in a recording: `{"k": kind, ...fields}`.
///
/// Why written by hand (the carried values use their synthesized `Codable`): a short tag per case
/// keeps the lines small and readable, a pin stream's bytes are stored as text rather than as a
/// JSON array of numbers (4x smaller before compression), the derived answers
/// (`impactComputed`, `pinQueryComputed`, and `largeLineDecoded`, which a replay recomputes
/// in place from the recorded chunks) are refused, and a kind this
/// build does not know decodes as `RecordingError.unknownEventKind`, which the reader skips.
/// A new event case is one `case` in each switch below.
extension ConsoleEvent: Codable {
    enum Keys: String, CodingKey {
        case kind = "k", source = "s", generation = "g", result = "r", message = "m", bytes = "b", bytes64 = "b64"
        case cid, status, pin, id, done, total, outcome, intent, level, snapshot, batch, timelines, origin, probe, direct = "d"
    }

    /// Whether the recorder keeps this event: everything the core receives except a long line
    /// read off the loop, which a replay reads in place from the recorded chunks.
    public var isRecorded: Bool {
        switch self {
        case .impactComputed, .pinQueryComputed, .largeLineDecoded: false
        default: true
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .tick:
            try c.encode("tick", forKey: .kind)
        case .loaded(let source, let generation, let result):
            try c.encode("loaded", forKey: .kind)
            try c.encode(source, forKey: .source); try c.encode(generation, forKey: .generation); try c.encode(result, forKey: .result)
        case .failed(let source, let generation, let message):
            try c.encode("failed", forKey: .kind)
            try c.encode(source, forKey: .source); try c.encode(generation, forKey: .generation); try c.encode(message, forKey: .message)
        case .responded(let source, let origin):
            try c.encode("responded", forKey: .kind)
            try c.encode(source, forKey: .source); try c.encode(origin, forKey: .origin)
        case .direct(let answer):
            try c.encode("direct", forKey: .kind)
            try c.encode(answer, forKey: .direct)
        case .pinChunk(let source, let generation, let bytes):
            try c.encode("chunk", forKey: .kind)
            try c.encode(source, forKey: .source); try c.encode(generation, forKey: .generation)
            if let text = String(validating: bytes, as: UTF8.self) {
                try c.encode(text, forKey: .bytes)
            } else {
                try c.encode(Data(bytes), forKey: .bytes64)
            }
        case .pinStreamEnded(let source, let generation, let error):
            try c.encode("ended", forKey: .kind)
            try c.encode(source, forKey: .source); try c.encode(generation, forKey: .generation)
            try c.encodeIfPresent(error, forKey: .message)
        case .pinDetail(let cid, let status, let pin, let error):
            try c.encode("detail", forKey: .kind)
            try c.encode(cid, forKey: .cid); try c.encodeIfPresent(status, forKey: .status)
            try c.encodeIfPresent(pin, forKey: .pin); try c.encodeIfPresent(error, forKey: .message)
        case .actionProgress(let id, let done, let total):
            try c.encode("progress", forKey: .kind)
            try c.encode(id, forKey: .id); try c.encode(done, forKey: .done); try c.encode(total, forKey: .total)
        case .actionFinished(let id, let outcome):
            try c.encode("finished", forKey: .kind)
            try c.encode(id, forKey: .id); try c.encode(outcome, forKey: .outcome)
        case .intent(let intent):
            try c.encode("intent", forKey: .kind)
            try c.encode(intent, forKey: .intent)
        case .notice(let text, let level):
            try c.encode("notice", forKey: .kind)
            try c.encode(text, forKey: .message); try c.encode(level, forKey: .level)
        case .ecsSnapshot(let snapshot):
            try c.encode("ecs", forKey: .kind)
            try c.encode(snapshot, forKey: .snapshot)
        case .logBatch(let batch):
            try c.encode("logs", forKey: .kind)
            try c.encode(batch, forKey: .batch)
        case .timelinesLoaded(let timelines):
            try c.encode("timelines", forKey: .kind)
            try c.encode(timelines, forKey: .timelines)
        case .gatewayProbed(let probe):
            try c.encode("gateway", forKey: .kind)
            try c.encode(probe, forKey: .probe)
        case .impactComputed, .pinQueryComputed, .largeLineDecoded:
            throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath,
                                                         debugDescription: "derived answers are not recorded"))
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        func source() throws -> DataSource { try c.decode(DataSource.self, forKey: .source) }
        func generation() throws -> Int { try c.decode(Int.self, forKey: .generation) }
        switch kind {
        case "tick": self = .tick
        case "loaded": self = .loaded(try source(), generation: try generation(), try c.decode(SourceResult.self, forKey: .result))
        case "failed": self = .failed(try source(), generation: try generation(), message: try c.decode(String.self, forKey: .message))
        case "responded": self = .responded(try source(), try c.decode(ResponseOrigin.self, forKey: .origin))
        case "direct": self = .direct(try c.decode(DirectAnswer.self, forKey: .direct))
        case "chunk":
            let bytes: [UInt8]
            if let text = try c.decodeIfPresent(String.self, forKey: .bytes) {
                bytes = Array(text.utf8)
            } else {
                bytes = Array(try c.decode(Data.self, forKey: .bytes64))
            }
            self = .pinChunk(try source(), generation: try generation(), bytes: bytes)
        case "ended":
            self = .pinStreamEnded(try source(), generation: try generation(), error: try c.decodeIfPresent(String.self, forKey: .message))
        case "detail":
            self = .pinDetail(cid: try c.decode(String.self, forKey: .cid), status: try c.decodeIfPresent(GlobalPinInfo.self, forKey: .status),
                              pin: try c.decodeIfPresent(Pin.self, forKey: .pin), error: try c.decodeIfPresent(String.self, forKey: .message))
        case "progress":
            self = .actionProgress(id: try c.decode(Int.self, forKey: .id), done: try c.decode(Int.self, forKey: .done),
                                   total: try c.decode(Int.self, forKey: .total))
        case "finished":
            self = .actionFinished(id: try c.decode(Int.self, forKey: .id), outcome: try c.decode(ActionOutcome.self, forKey: .outcome))
        case "intent": self = .intent(try c.decode(ConsoleIntent.self, forKey: .intent))
        case "notice":
            self = .notice(try c.decode(String.self, forKey: .message), level: try c.decode(ConsoleToast.Level.self, forKey: .level))
        case "ecs": self = .ecsSnapshot(try c.decode(ECSSnapshot.self, forKey: .snapshot))
        case "logs": self = .logBatch(try c.decode(LogBatch.self, forKey: .batch))
        case "timelines": self = .timelinesLoaded(try c.decode(TriageTimelines.self, forKey: .timelines))
        case "gateway": self = .gatewayProbed(try c.decode(GatewayProbe.self, forKey: .probe))
        default: throw RecordingError.unknownEventKind(kind)
        }
    }
}

/// Stored by name (`"peers"`), so a reordering of the cases cannot change old recordings.
extension DataSource: Codable {}
