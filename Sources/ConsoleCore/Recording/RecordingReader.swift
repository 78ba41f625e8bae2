import Foundation

/// A recording read back: its header, its events in order, and what stopped the reading early.
public struct Recording: Sendable {
    /// The header of the (first) file read.
    public var header: RecordingHeader
    public var events: [TimedEvent]
    /// Set when a chunk was truncated or corrupt: the events before it are all here.
    public var problem: RecordingError?
    /// Records of event kinds this build does not know (written by a newer console), skipped.
    public var skippedUnknown: Int

    public init(header: RecordingHeader, events: [TimedEvent], problem: RecordingError? = nil, skippedUnknown: Int = 0) {
        self.header = header; self.events = events; self.problem = problem; self.skippedUnknown = skippedUnknown
    }

    public var firstTime: Date? { events.first?.time }
    public var lastTime: Date? { events.last?.time }
}

/// Reads a recording file. Bad input never crashes or hangs: every length is checked against
/// the bytes present and a cap, every chunk against its checksum, and decoding stops at the
/// first bad chunk with its byte offset.
public enum RecordingReader {
    public static func read(path: String) throws -> Recording {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw RecordingError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try read(bytes: Array(data), path: path)
    }

    /// Reads `FILE.n ... FILE.1 FILE` (oldest first) as one recording: the rotated files of one
    /// session. The header is the oldest file's.
    public static func readRotated(path: String) throws -> Recording {
        var files: [String] = []
        var n = 1
        while FileManager.default.fileExists(atPath: "\(path).\(n)") { files.insert("\(path).\(n)", at: 0); n += 1 }
        files.append(path)
        var combined: Recording?
        for f in files {
            guard FileManager.default.fileExists(atPath: f) else { continue }
            let r = try read(path: f)
            if var c = combined {
                // A later file repeats its checkpoint; the events follow on from the previous file.
                c.events += r.events
                c.problem = c.problem ?? r.problem
                c.skippedUnknown += r.skippedUnknown
                combined = c
            } else {
                combined = r
            }
        }
        guard let combined else { throw RecordingError.unreadable(path: path, reason: "no such file") }
        return combined
    }

    public static func read(bytes: [UInt8], path: String = "recording") throws -> Recording {
        let magic = RecordingFormat.magic
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw RecordingError.notARecording(path: path)
        }
        let decoder = JSONDecoder()
        var header: RecordingHeader?
        var events: [TimedEvent] = []
        var skipped = 0
        var problem: RecordingError?
        var offset = magic.count
        let all = bytes[...]
        chunks: while offset < bytes.count {
            let h = RecordingFormat.chunkHeaderSize
            guard bytes.count - offset >= h else { problem = .truncated(offset: offset); break }
            guard Array(bytes[offset..<(offset + 4)]) == RecordingFormat.chunkMagic else {
                problem = .corrupt(offset: offset, reason: "no chunk marker"); break
            }
            let stored = Int(all.readLE(at: offset + 4))
            let raw = Int(all.readLE(at: offset + 8))
            let crc = all.readLE(at: offset + 12)
            guard stored <= RecordingFormat.maxChunkBytes, raw <= RecordingFormat.maxChunkBytes else {
                problem = .corrupt(offset: offset, reason: "chunk size \(max(stored, raw)) over the limit"); break
            }
            guard bytes.count - offset - h >= stored else { problem = .truncated(offset: offset); break }
            let body = bytes[(offset + h)..<(offset + h + stored)]
            guard Zlib.checksum(body) == crc else { problem = .corrupt(offset: offset, reason: "checksum mismatch"); break }
            let lines: [UInt8]
            do { lines = try Zlib.decompress(body, size: raw) } catch {
                problem = .corrupt(offset: offset, reason: "cannot decompress"); break
            }
            // Decode the whole chunk before keeping any of it: a chunk is the unit of damage.
            var chunkEvents: [TimedEvent] = []
            for line in lines.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
                let data = Data(line)
                if line.starts(with: Array("{\"header\"".utf8)) {
                    guard let hl = try? decoder.decode(HeaderLine.self, from: data) else {
                        problem = .corrupt(offset: offset, reason: "unreadable header record"); break chunks
                    }
                    if header == nil { header = hl.header }
                    continue
                }
                do {
                    chunkEvents.append(try decoder.decode(TimedEvent.self, from: data))
                } catch RecordingError.unknownEventKind {
                    skipped += 1
                } catch {
                    problem = .corrupt(offset: offset, reason: "unreadable event record"); break chunks
                }
            }
            events += chunkEvents
            offset += h + stored
        }
        guard let header else {
            throw problem ?? RecordingError.corrupt(offset: magic.count, reason: "no header record")
        }
        return Recording(header: header, events: events, problem: problem, skippedUnknown: skipped)
    }
}
