import Foundation

/// One recording being written: encodes events into pending lines, writes them as a chunk when
/// asked (every second) or when enough is pending, and rotates the file before it passes its
/// size bound. A value owned by the recorder's one task, so it needs no lock.
struct RecordingFile: Sendable {
    let options: RecordingOptions
    let settings: RecordedSettings
    let writerVersion: String
    private var fd: Int32 = -1
    private(set) var fileBytes = 0
    private var pending: [UInt8] = []
    private var pendingEvents: [TimedEvent] = []
    private var lastSync: RecordingCheckpoint
    private var pendingSync: RecordingCheckpoint?
    /// The latest answers as of the last written chunk (for the next file's checkpoint).
    private var primer: RecordingPrimer
    private let redactor: RecordingRedactor

    /// Creates `options.path` (mode 0600: recordings hold operational detail) and writes its
    /// header. `checkpoint` is nil when the session starts with the recording.
    init(options: RecordingOptions, settings: ConsoleSettings, writerVersion: String, startedAt: Date,
         checkpoint: RecordingCheckpoint?, primer: RecordingPrimer) throws {
        self.options = options
        self.settings = RecordedSettings(settings)
        self.writerVersion = writerVersion
        self.redactor = RecordingRedactor(secrets: options.secrets)
        self.lastSync = checkpoint ?? RecordingCheckpoint()
        self.primer = primer
        try open(startedAt: startedAt, checkpoint: checkpoint)
    }

    private mutating func open(startedAt: Date, checkpoint: RecordingCheckpoint?) throws {
        let path = options.path
        fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw RecordingError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        fileBytes = 0
        let header = RecordingHeader(startedAt: startedAt, settings: settings, checkpoint: checkpoint, writer: writerVersion)
        let line = try RecordingChunks.line(HeaderLine(header: header), encoder: RecordingChunks.encoder(), redactor: redactor)
        try write(RecordingFormat.magic + RecordingChunks.chunk(lines: line))
    }

    /// Encodes one event (with the scheduling facts after it, for a later file's checkpoint).
    mutating func append(_ event: TimedEvent, sync: RecordingCheckpoint) throws {
        let line = try RecordingChunks.line(event, encoder: RecordingChunks.encoder(), redactor: redactor)
        if !pending.isEmpty { pending.append(UInt8(ascii: "\n")) }
        pending += line
        pendingEvents.append(event)
        pendingSync = sync
        if pending.count >= options.chunkBytes { try flush() }
    }

    /// Writes what is pending as one chunk, rotating first when the chunk would pass the bound.
    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        let chunk = try RecordingChunks.chunk(lines: pending)
        if fileBytes + chunk.count > options.maxFileBytes, fileBytes > RecordingFormat.magic.count + RecordingFormat.chunkHeaderSize {
            try rotate(at: pendingEvents.first?.time ?? Date())
        }
        try write(chunk)
        for e in pendingEvents { primer.take(e) }
        if let s = pendingSync { lastSync = s }
        pending = []
        pendingEvents = []
        pendingSync = nil
    }

    /// `FILE` -> `FILE.1` -> ... -> `FILE.keepRotated` (the oldest is deleted); a new `FILE`
    /// starts with a checkpoint as of the last written event.
    private mutating func rotate(at time: Date) throws {
        close()
        let p = options.path
        let fm = FileManager.default
        if options.keepRotated > 0 {
            try? fm.removeItem(atPath: "\(p).\(options.keepRotated)")
            if options.keepRotated > 1 {
                for n in stride(from: options.keepRotated - 1, through: 1, by: -1) where fm.fileExists(atPath: "\(p).\(n)") {
                    try? fm.moveItem(atPath: "\(p).\(n)", toPath: "\(p).\(n + 1)")
                }
            }
            guard rename(p, "\(p).1") == 0 else { throw RecordingError.cannotWrite(path: p, reason: String(cString: strerror(errno))) }
        }
        var checkpoint = lastSync
        checkpoint.primer = primer.events
        try open(startedAt: time, checkpoint: checkpoint)
    }

    private mutating func write(_ bytes: [UInt8]) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw RecordingError.cannotWrite(path: options.path, reason: String(cString: strerror(errno)))
            }
            done += n
        }
        fileBytes += bytes.count
    }

    mutating func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }
}
