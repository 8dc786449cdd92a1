import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A deterministic byte stream for large transfers: a pseudo-random block of a prime length, repeated, so that a
/// byte out of place, lost or doubled anywhere shows up when the stream is checked against it.
enum BytePattern {
    static let period = 65_521
    /// The most bytes ``slice(at:count:)`` gives at once.
    static let maxSlice = 262_144

    /// The block, repeated far enough that any slice of up to `maxSlice` bytes starting in the first block is
    /// contiguous.
    private static let tiled: [UInt8] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var block = [UInt8](repeating: 0, count: period)
        for index in block.indices {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            block[index] = UInt8(truncatingIfNeeded: state)
        }
        var tiled: [UInt8] = []
        while tiled.count < period + maxSlice { tiled += block }
        return tiled
    }()

    /// The `count` (at most `maxSlice`) bytes of the stream starting at `offset`.
    static func slice(at offset: Int, count: Int) -> ArraySlice<UInt8> {
        precondition(count <= maxSlice)
        let start = offset % period
        return tiled[start..<(start + count)]
    }

    /// Compares `bytes`, found at `offset` in a stream, with the pattern.
    static func matches(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < bytes.count {
            let count = min(bytes.count - done, maxSlice)
            let start = (offset + done) % period
            let equal = tiled.withUnsafeBytes { pattern in
                memcmp(bytes.baseAddress! + done, pattern.baseAddress! + start, count) == 0
            }
            if !equal { return false }
            done += count
        }
        return true
    }
}

/// Follows a stream of bytes against ``BytePattern``: how many arrived and where the first wrong one was.
struct PatternCheck: Sendable, Equatable {
    private(set) var count = 0
    /// The offset of the first read that did not match, if any.
    private(set) var firstMismatch: Int?

    mutating func check(_ bytes: UnsafeRawBufferPointer) {
        if firstMismatch == nil, !BytePattern.matches(bytes, at: count) { firstMismatch = count }
        count += bytes.count
    }

    var summary: String { "\(count) bytes, " + (firstMismatch.map { "mismatch near offset \($0)" } ?? "pattern intact") }
}

/// An HTTP/1.1 server on 127.0.0.1 port 0 for streaming tests, written on raw bytes so that its own cost stays low:
/// `GET /bytes/N` answers N bytes of ``BytePattern`` with a `Content-Length` (written as the connection drains);
/// `POST` with a `Content-Length` body checks the body against the pattern and answers its ``PatternCheck/summary``.
final class BytesBackend: TestServer {
    let listener: TestListener
    private let uploads: NIOLockedValueBox<[PatternCheck]>
    private let sent: NIOLockedValueBox<Int>

    static func start(group: EventLoopGroup) async throws -> BytesBackend {
        let uploads = NIOLockedValueBox<[PatternCheck]>([])
        let sent = NIOLockedValueBox(0)
        let listener = try await TestListener.bind(group: group) { channel in
            try channel.pipeline.syncOperations.addHandler(Handler(uploads: uploads, sent: sent))
        }
        return BytesBackend(listener: listener, uploads: uploads, sent: sent)
    }

    private init(listener: TestListener, uploads: NIOLockedValueBox<[PatternCheck]>, sent: NIOLockedValueBox<Int>) {
        self.listener = listener
        self.uploads = uploads
        self.sent = sent
    }

    /// The request bodies received, checked.
    var receivedUploads: [PatternCheck] { uploads.withLockedValue { $0 } }
    /// Response body bytes handed to the connections so far (written to the socket or queued while it was writable).
    var bytesSent: Int { sent.withLockedValue { $0 } }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private enum State {
            case head
            case receiving(remaining: Int, check: PatternCheck)
            case sending(sent: Int, total: Int)
        }

        private let uploads: NIOLockedValueBox<[PatternCheck]>
        private let sent: NIOLockedValueBox<Int>
        private var state = State.head
        private var pending = ByteBuffer()

        init(uploads: NIOLockedValueBox<[PatternCheck]>, sent: NIOLockedValueBox<Int>) {
            self.uploads = uploads
            self.sent = sent
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            pending.writeBuffer(&buffer)
            process(context: context)
        }

        private func process(context: ChannelHandlerContext) {
            while true {
                switch state {
                case .head:
                    guard let (method, target, length) = readHead() else { return }
                    if method == "POST" {
                        state = .receiving(remaining: length, check: PatternCheck())
                    } else if target.hasPrefix("/bytes/"), let total = Int(target.dropFirst(7)) {
                        let head = "HTTP/1.1 200 OK\r\nContent-Length: \(total)\r\n\r\n"
                        context.write(wrapOutboundOut(ByteBuffer(string: head)), promise: nil)
                        state = .sending(sent: 0, total: total)
                        pump(context: context)
                    } else {
                        respond("not found\n", status: "404 Not Found", context: context)
                    }
                case .receiving(let remaining, var check):
                    let count = min(remaining, pending.readableBytes)
                    guard count > 0 || remaining == 0 else { return }
                    if let slice = pending.readSlice(length: count) {
                        slice.withUnsafeReadableBytes { check.check($0) }
                    }
                    if remaining - count > 0 {
                        state = .receiving(remaining: remaining - count, check: check)
                        pending.discardReadBytes()
                        return
                    }
                    uploads.withLockedValue { $0.append(check) }
                    state = .head
                    respond(check.summary + "\n", status: "200 OK", context: context)
                case .sending:
                    // The next request waits until this response is out.
                    return
                }
            }
        }

        /// Writes pattern bytes while the connection is writable; resumes from `channelWritabilityChanged`.
        ///
        /// Re-entrant: a flush can make the channel writable again and call back in here, so the state is updated
        /// before each write and checked again afterwards.
        private func pump(context: ChannelHandlerContext) {
            while case .sending(let sent, let total) = state, sent < total, context.channel.isWritable {
                let count = min(65_536, total - sent)
                state = .sending(sent: sent + count, total: total)
                var buffer = context.channel.allocator.buffer(capacity: count)
                BytePattern.slice(at: sent, count: count).withUnsafeBytes { _ = buffer.writeBytes($0) }
                context.write(wrapOutboundOut(buffer), promise: nil)
                self.sent.withLockedValue { $0 += count }
            }
            context.flush()
            if case .sending(let sent, let total) = state, sent == total {
                state = .head
                process(context: context)
            }
        }

        func channelWritabilityChanged(context: ChannelHandlerContext) {
            if context.channel.isWritable { pump(context: context) }
            context.fireChannelWritabilityChanged()
        }

        private func respond(_ body: String, status: String, context: ChannelHandlerContext) {
            let text = "HTTP/1.1 \(status)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
        }

        /// Takes a complete head off `pending`: its method, target and `Content-Length` (0 without one).
        private func readHead() -> (String, String, Int)? {
            let view = pending.readableBytesView
            guard let end = view.firstRange(of: [13, 10, 13, 10]) else { return nil }
            let text = String(decoding: view[view.startIndex..<end.upperBound], as: UTF8.self)
            pending.moveReaderIndex(to: end.upperBound)
            let lines = text.split(separator: "\r\n")
            let requestLine = lines.first?.split(separator: " ") ?? []
            let length = lines.dropFirst().compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }.first ?? 0
            guard requestLine.count == 3 else { return nil }
            return (String(requestLine[0]), String(requestLine[1]), length)
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            context.close(promise: nil)
        }
    }
}
