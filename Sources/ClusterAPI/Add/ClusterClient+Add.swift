import AsyncHTTPClient
import NIOCore

/// A request body and its headers, made anew for each attempt (failover, redirect), since a
/// streamed body can be read only once.
struct HTTPUpload: Sendable {
    var headers: [(String, String)]
    var makeBody: @Sendable () -> HTTPClientRequest.Body

    func apply(to request: inout HTTPClientRequest) {
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = makeBody()
    }
}

extension ClusterClient {
    /// `POST /add`: uploads `upload`'s files and folders as multipart, streamed from disk in
    /// constant memory, and yields each `AddedOutput` as the cluster sends it (the root last).
    /// `progress` gets the file bytes handed to the connection so far. A failure after some
    /// items (the `X-Stream-Error` trailer) ends the stream with `streamError`; a 200 with no
    /// item at all (ipfs-cluster issue 2123: an option refused after the upload) with an API error.
    public func add(_ upload: AddUpload, options: AddOptions,
                    progress: (@Sendable (Int64) -> Void)? = nil) -> AsyncThrowingStream<AddedOutput, Error> {
        do { try options.validate() } catch { return AsyncThrowingStream { $0.finish(throwing: error) } }
        let loops = Array(http.eventLoopGroup.makeIterator())
        let body = MultipartBody(upload: upload, progress: progress) {
            for loop in loops { try? await loop.submit {}.get() }
        }
        let length = body.length
        let http = HTTPUpload(headers: [("Content-Type", body.contentType)]) {
            .stream(body, length: .known(length))
        }
        let items = stream(.add(options), upload: http, as: AddedOutput.self)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var count = 0
                    for try await item in items {
                        count += 1
                        continuation.yield(item)
                    }
                    if count == 0 {
                        throw ClusterAPIError(.api(status: 200, message: ClusterClient.emptyAddAnswer), context: nil)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { @Sendable _ in task.cancel() }
        }
    }

    static let emptyAddAnswer = "the cluster answered 200 with an empty body and no error: nothing was added or pinned "
        + "(ipfs-cluster issue 2123: an option was probably refused; see the peer's log)"
}
