import FerryRuntime
import NIOCore

/// One message as a proxy would see it: its head, decoded for assertions, and the body bytes it would forward.
struct ObservedMessage: Equatable {
    var head: HTTPHead
    var headBytes: [UInt8]
    var startLine: String
    var fields: [String]
    var body: [UInt8] = []
    var complete = false
}

/// Drives `HTTPHeadParser` and `HTTPBodyFramer` over a byte stream the way a connection handler would: bytes are
/// appended to one buffer, a head is parsed (resuming the search between reads), then the body is framed and the
/// rest of the buffer starts the next message.
struct HTTPStream {
    enum Direction {
        case requests
        /// Responses, each answering the next method in the list (`.get` once the list runs out).
        case responses([HTTPHead.Method])
    }

    var direction: Direction
    var limits = HTTPHeadLimits()
    var bodyLimits = HTTPBodyLimits()
    private(set) var messages: [ObservedMessage] = []
    private var pending = ByteBuffer()
    private var progress = HTTPHeadProgress()
    private var framer: HTTPBodyFramer?

    init(_ direction: Direction, limits: HTTPHeadLimits = HTTPHeadLimits()) {
        self.direction = direction
        self.limits = limits
    }

    /// True when no message is half-received.
    var isAtMessageBoundary: Bool {
        framer == nil && pending.readableBytes == 0
    }

    mutating func receive(_ bytes: some Sequence<UInt8>) throws(HTTPParseError) {
        pending.writeBytes(Array(bytes))
        while true {
            if var body = framer {
                let consumed = try body.consume(pending)
                messages[messages.count - 1].body += pending.readBytes(length: consumed.bodyBytes) ?? []
                framer = consumed.complete ? nil : body
                guard consumed.complete else { return }
                messages[messages.count - 1].complete = true
                continue
            }
            guard pending.readableBytes > 0, let head = try parseHead() else { return }
            messages.append(Self.observe(head, in: pending))
            pending.moveReaderIndex(forwardBy: head.headLength)
            framer = HTTPBodyFramer(framing: head.info.framing, limits: bodyLimits)
        }
    }

    /// The sender closed the connection.
    mutating func close() throws(HTTPParseError) {
        guard var body = framer else { return }
        try body.connectionClosed()
        framer = nil
        messages[messages.count - 1].complete = true
    }

    private mutating func parseHead() throws(HTTPParseError) -> HTTPHead? {
        switch direction {
        case .requests:
            return try HTTPHeadParser.parseRequest(pending, limits: limits, progress: &progress)
        case .responses(let methods):
            let method = methods.count > messages.count ? methods[messages.count] : .get
            return try HTTPHeadParser.parseResponse(pending, requestMethod: method, limits: limits, progress: &progress)
        }
    }

    private static func observe(_ head: HTTPHead, in buffer: ByteBuffer) -> ObservedMessage {
        let startLine: String
        switch head.kind {
        case .request:
            startLine = "\(head.methodString(in: buffer) ?? "") \(head.target(in: buffer) ?? "") \(head.version)"
        case .response(let status, _):
            startLine = "\(head.version) \(status) \(head.reason(in: buffer) ?? "")"
        }
        return ObservedMessage(
            head: head,
            headBytes: buffer.getBytes(at: buffer.readerIndex, length: head.headLength) ?? [],
            startLine: startLine,
            fields: head.fields.map { "\($0.name(in: buffer)): \($0.value(in: buffer))" })
    }
}

/// The outcome of a whole stream: the messages, or the error that stopped it.
enum StreamOutcome: Equatable {
    case messages([ObservedMessage], atBoundary: Bool)
    case failed(HTTPParseError)
}

extension HTTPStream {
    /// Feeds `bytes` in pieces of `pieceSize` (all at once when nil), then reports.
    static func run(
        _ bytes: [UInt8], _ direction: Direction, pieceSize: Int? = nil, limits: HTTPHeadLimits = HTTPHeadLimits(),
        closeAtEnd: Bool = false
    ) -> StreamOutcome {
        var stream = HTTPStream(direction, limits: limits)
        do throws(HTTPParseError) {
            let size = max(1, pieceSize ?? bytes.count)
            var offset = 0
            while offset < bytes.count {
                try stream.receive(bytes[offset..<min(offset + size, bytes.count)])
                offset += size
            }
            if closeAtEnd { try stream.close() }
            return .messages(stream.messages, atBoundary: stream.isAtMessageBoundary)
        } catch {
            return .failed(error)
        }
    }

    /// The error a stream of requests fails with, or nil.
    static func requestError(_ bytes: [UInt8], pieceSize: Int? = nil) -> HTTPParseError? {
        if case .failed(let error) = run(bytes, .requests, pieceSize: pieceSize) { return error }
        return nil
    }
}

/// Bytes of a string written with `\r\n` spelled out, so tests show exactly what is sent.
func wire(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

func buffer(_ text: String) -> ByteBuffer {
    ByteBuffer(string: text)
}
