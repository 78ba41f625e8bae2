import NIOCore
import NIOHTTP1

/// `POST /add` as an IPFS Cluster peer serves it: the multipart body is imported as UnixFS while
/// it arrives (CIDs equal kubo's defaults), each file's `AddedOutput` is streamed when its last
/// byte is in, folders follow, and the root comes last, after it was pinned, with its
/// allocations. Errors after the first item go to the `X-Stream-Error` trailer.
struct AddRoute {
    let model: ClusterModel

    func respond(_ req: SimRequest, peer: Int) async -> SimResponse {
        let params: AddParams
        let pinOptions: PinOptions
        do { params = try AddParams.parse(req.query) } catch { return .error(.badRequest, error.message) }
        do { pinOptions = try PinOptions.parse(req.query) } catch { return .error(.badRequest, error.message) }
        guard let boundary = MultipartParser.boundary(contentType: req.headers.first(name: "Content-Type")) else {
            return .error(.badRequest, "request Content-Type isn't multipart/form-data")
        }
        guard let reader = req.bodyReader else { return .error(.badRequest, "no request body") }
        if !params.noPin, await model.validateAddPin(pinOptions) != nil {
            // ipfs-cluster issue 2123: such an add answers 200 with an empty body and no trailer.
            return .raw(.ok, [("Content-Type", "application/json"), ("Vary", "Origin")], ByteBuffer())
        }
        let model = self.model
        return .stream(StreamProducer { sink in
            var run = AddRun(params: params, sink: sink)
            var parser = MultipartParser(boundary: boundary)
            while let chunk = try await reader.nextBodyChunk() {
                do {
                    for event in try parser.feed(chunk) { try await run.handle(event) }
                } catch let e as MultipartParser.Malformed {
                    throw StreamFailure(message: e.description)
                }
            }
            guard parser.isComplete else { throw StreamFailure(message: "multipart: NextPart: unexpected EOF") }
            try await run.finish { root in
                var o = pinOptions
                if o.name.isEmpty { o.name = root.name }
                if params.noPin { return .success([]) }
                return await model.pinAdded(cid: root.entry.cid.description, options: o, contacted: peer)
            }
        })
    }
}

/// The state of one add while its parts stream in.
private struct AddRun {
    let params: AddParams
    let sink: StreamSink
    var importer: UnixFSImporter
    var currentFile: String?
    var nextProgress: UInt64
    /// The newest output line, held back because it may turn out to be the root.
    var held: ImportedItem?

    init(params: AddParams, sink: StreamSink) {
        self.params = params
        self.sink = sink
        importer = UnixFSImporter(options: params.importOptions)
        nextProgress = UInt64(params.importOptions.chunkSize)
    }

    mutating func handle(_ event: MultipartParser.Event) async throws {
        switch event {
        case .partStart(let headers):
            let disposition = headers["content-disposition"] ?? ""
            let raw = MultipartParser.parameter("filename", in: disposition) ?? ""
            let path = SimRequest.percentDecode(raw, plus: true)
            guard !path.isEmpty else { throw StreamFailure(message: "multipart: part without a file name") }
            if headers["content-type"] == "application/x-directory" {
                importer.addFolder(path)
            } else {
                importer.beginFile(path)
                currentFile = path
                nextProgress = UInt64(params.importOptions.chunkSize)
            }
        case .data(let buffer):
            guard let name = currentFile else { return }
            buffer.withUnsafeReadableBytes { importer.fileData($0) }
            if params.progress, importer.bytesInCurrentFile >= nextProgress {
                nextProgress = importer.bytesInCurrentFile + UInt64(params.importOptions.chunkSize)
                try await sink.emit([Self.line(name: name, bytes: importer.bytesInCurrentFile)])
            }
        case .partEnd:
            guard currentFile != nil else { return }
            currentFile = nil
            if let item = importer.endFile() { try await release(item) }
        }
    }

    /// Builds the folders, pins the root (last line) and emits it with its allocations.
    mutating func finish(pin: (ImportedItem) async -> Result<[String], AddPinFailure>) async throws {
        for item in importer.finish(wrap: params.wrap) { try await release(item) }
        guard let root = held else { return }
        switch await pin(root) {
        case .success(let allocations):
            try await sink.emit([Self.line(root, allocations: allocations)])
        case .failure(let f):
            throw StreamFailure(message: f.message)
        }
    }

    private mutating func release(_ item: ImportedItem) async throws {
        if let previous = held { try await sink.emit([Self.line(previous, allocations: [])]) }
        held = item
    }

    static func line(_ item: ImportedItem, allocations: [String]) -> ByteBuffer {
        var w = JSONWriter(capacity: 160)
        w.beginObject()
        w.member("name", item.name)
        w.member("cid", item.entry.cid.description)
        if item.entry.cumulativeSize > 0 { w.member("size", Int64(item.entry.cumulativeSize)) }
        if !allocations.isEmpty { w.member("allocations", strings: allocations) }
        w.endObject()
        w.newline()
        return w.buffer
    }

    static func line(name: String, bytes: UInt64) -> ByteBuffer {
        var w = JSONWriter(capacity: 96)
        w.beginObject()
        w.member("name", name)
        w.key("cid"); w.null()
        w.member("bytes", Int64(bytes))
        w.endObject()
        w.newline()
        return w.buffer
    }
}
