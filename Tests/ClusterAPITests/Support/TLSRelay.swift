import NIOCore
import NIOPosix
import NIOSSL

/// A TLS-terminating TCP relay on loopback in front of a plain server: puts the simulator
/// "behind TLS" with a private certificate authority, as a deployment's load balancer does.
final class TLSRelay: Sendable {
    let port: Int
    private let server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    private let task: Task<Void, Never>

    private init(port: Int, server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>, task: Task<Void, Never>) {
        self.port = port; self.server = server; self.task = task
    }

    static func start(tls: NIOSSLContext, backendHost: String, backendPort: Int) async throws -> TLSRelay {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        let task = Task<Void, Never> {
            await withDiscardingTaskGroup { group in
                try? await server.executeThenClose { inbound in
                    for try await front in inbound {
                        group.addTask { await relay(front, host: backendHost, port: backendPort) }
                    }
                }
            }
        }
        return TLSRelay(port: port, server: server, task: task)
    }

    func stop() async {
        try? await server.channel.close()
        task.cancel()
    }

    private static func relay(_ front: NIOAsyncChannel<ByteBuffer, ByteBuffer>, host: String, port: Int) async {
        do {
            let back = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
            try await front.executeThenClose { frontIn, frontOut in
                try await back.executeThenClose { backIn, backOut in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { for try await b in frontIn { try await backOut.write(b) } }
                        group.addTask { for try await b in backIn { try await frontOut.write(b) } }
                        try await group.next()
                        group.cancelAll()
                    }
                }
            }
        } catch {
            // Either side went away: the relay just drops the pair.
        }
    }
}
