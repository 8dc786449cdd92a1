import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP/1.1 server on 127.0.0.1 port 0 built on NIOHTTP1, playing a backend for HTTP tests.
///
/// It answers every request with `200` and a body of `name method target` and the request body's length, plus
/// the request's headers echoed as `x-echo-NAME` response headers. `/status/N` answers status N; `/chunked` answers
/// a chunked body; `/close` answers and closes; `/hang` never answers; `/setcookie` sets `SRV=app-value`.
final class TestHTTPBackend: TestServer {
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [(String, String)]
        var bodyLength: Int
        var connection: Int
    }

    private struct State {
        var requests: [Request] = []
        var connections = 0
    }

    let name: String
    let listener: TestListener
    private let state: NIOLockedValueBox<State>

    static func start(name: String, group: EventLoopGroup) async throws -> TestHTTPBackend {
        let state = NIOLockedValueBox(State())
        let listener = try await TestListener.bind(group: group) { channel in
            let connection = state.withLockedValue { state in
                state.connections += 1
                return state.connections
            }
            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
            try channel.pipeline.syncOperations.addHandler(Handler(name: name, connection: connection, state: state))
        }
        return TestHTTPBackend(name: name, listener: listener, state: state)
    }

    private init(name: String, listener: TestListener, state: NIOLockedValueBox<State>) {
        self.name = name
        self.listener = listener
        self.state = state
    }

    var requests: [Request] { state.withLockedValue { $0.requests } }
    var connectionCount: Int { state.withLockedValue { $0.connections } }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let name: String
        let connection: Int
        let state: NIOLockedValueBox<State>
        var head: HTTPRequestHead?
        var bodyLength = 0

        init(name: String, connection: Int, state: NIOLockedValueBox<State>) {
            self.name = name
            self.connection = connection
            self.state = state
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                bodyLength = 0
            case .body(let body):
                bodyLength += body.readableBytes
            case .end:
                guard let head else { return }
                respond(to: head, context: context)
            }
        }

        private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
            let request = Request(
                method: head.method.rawValue, target: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                bodyLength: bodyLength, connection: connection
            )
            state.withLockedValue { $0.requests.append(request) }
            if head.uri == "/hang" { return }
            var status = HTTPResponseStatus.ok
            if head.uri.hasPrefix("/status/"), let code = Int(head.uri.dropFirst(8)) {
                status = HTTPResponseStatus(statusCode: code)
            }
            let body = "\(name) \(head.method.rawValue) \(head.uri) \(bodyLength)\n"
            var headers = HTTPHeaders()
            for (name, value) in head.headers { headers.add(name: "x-echo-\(name)", value: value) }
            if head.uri == "/chunked" {
                headers.add(name: "transfer-encoding", value: "chunked")
            } else {
                headers.add(name: "content-length", value: "\(body.utf8.count)")
            }
            if head.uri == "/close" { headers.add(name: "connection", value: "close") }
            if head.uri == "/setcookie" { headers.add(name: "set-cookie", value: "SRV=app-value; path=/; HttpOnly") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            if head.method != .HEAD, status.code != 204, status.code != 304 {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            }
            let closes = head.uri == "/close"
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if closes { context.close(promise: nil) }
            }
        }
    }
}
