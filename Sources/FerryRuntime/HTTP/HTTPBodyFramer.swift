import NIOCore

/// Follows one message body through the bytes that arrive after its head, so that a proxy can forward them as they
/// are and know where the next message starts.
///
/// Feed it every chunk of bytes that follows the head, in order, split anywhere (even one byte at a time). Each call
/// says how many bytes from the start of the chunk belong to the body (chunked framing and trailers included) and
/// whether the body ended there; when it did, the rest of the chunk belongs to the next message. A thrown error is
/// final: the framer must not be used again.
public struct HTTPBodyFramer: Sendable {
    /// What one call consumed.
    public struct Consumed: Sendable, Equatable {
        /// Bytes from the start of the chunk that belong to this body.
        public var bodyBytes: Int
        /// Whether the body ended after `bodyBytes`.
        public var complete: Bool

        public init(bodyBytes: Int, complete: Bool) {
            self.bodyBytes = bodyBytes
            self.complete = complete
        }
    }

    private enum State: Sendable {
        case complete
        case counting(remaining: UInt64)
        case untilClose
        case chunked(HTTPChunkedParser)
    }

    private var state: State
    private let limits: HTTPBodyLimits
    /// Payload bytes seen so far: all body bytes, less the chunked framing and trailers.
    public private(set) var payloadBytes: UInt64 = 0

    public init(framing: HTTPFraming, limits: HTTPBodyLimits = HTTPBodyLimits()) {
        self.limits = limits
        switch framing {
        case .none, .contentLength(0): state = .complete
        case .contentLength(let length): state = .counting(remaining: length)
        case .chunked: state = .chunked(HTTPChunkedParser())
        case .untilClose, .tunnel: state = .untilClose
        }
    }

    /// Whether the body has ended; true from the start for a message without a body.
    public var isComplete: Bool {
        if case .complete = state { return true }
        return false
    }

    /// Consumes the readable bytes of `buffer` (its reader index is not moved).
    public mutating func consume(_ buffer: ByteBuffer) throws(HTTPParseError) -> Consumed {
        let result = buffer.withUnsafeReadableBytes { bytes in
            Result { () throws(HTTPParseError) -> Consumed in try consume(bytes) }
        }
        return try result.get()
    }

    /// Consumes raw bytes; the same as `consume(_: ByteBuffer)`.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> Consumed {
        switch state {
        case .complete:
            return Consumed(bodyBytes: 0, complete: true)
        case .untilClose:
            payloadBytes &+= UInt64(bytes.count)
            return Consumed(bodyBytes: bytes.count, complete: false)
        case .counting(let remaining):
            let taken = min(remaining, UInt64(bytes.count))
            payloadBytes &+= taken
            state = taken == remaining ? .complete : .counting(remaining: remaining &- taken)
            return Consumed(bodyBytes: Int(taken), complete: taken == remaining)
        case .chunked(var parser):
            let before = parser.payloadBytes
            let consumed = try parser.consume(bytes, limits: limits)
            payloadBytes &+= parser.payloadBytes &- before
            state = parser.isDone ? .complete : .chunked(parser)
            return Consumed(bodyBytes: consumed, complete: parser.isDone)
        }
    }

    /// Tells the framer that the sender closed the connection: completes a body delimited by the close, and fails
    /// with `.truncatedBody` for a body that was still expecting bytes.
    public mutating func connectionClosed() throws(HTTPParseError) {
        switch state {
        case .complete:
            return
        case .untilClose:
            state = .complete
        case .counting, .chunked:
            throw .truncatedBody
        }
    }
}
