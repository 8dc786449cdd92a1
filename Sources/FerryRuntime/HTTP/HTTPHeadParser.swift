import NIOCore

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A strict HTTP/1.x head parser working on the readable bytes of a `ByteBuffer`.
///
/// Pure and allocation-light: one array for the fields per head, no `String`s. A parse call reads the buffer's
/// readable bytes from `readerIndex` and never moves it: on success consume `headLength` bytes yourself; `nil` means
/// the head is not complete yet (call again when more bytes arrived). Every error is final for the connection.
///
/// Strictness (see `HTTPParseError` for the cases): lines end with CRLF only, no obsolete line folding, no whitespace
/// before a colon, versions `HTTP/1.0` and `HTTP/1.1` only, framing headers that two parsers could read differently
/// are refused rather than repaired.
public enum HTTPHeadParser {
    /// Parses a request head from the start of the buffer's readable bytes.
    public static func parseRequest(
        _ buffer: ByteBuffer, limits: HTTPHeadLimits = HTTPHeadLimits()
    ) throws(HTTPParseError) -> HTTPHead? {
        var progress = HTTPHeadProgress()
        return try parseRequest(buffer, limits: limits, progress: &progress)
    }

    /// Parses a request head, resuming the search for its end where the previous attempt on the same bytes stopped.
    public static func parseRequest(
        _ buffer: ByteBuffer, limits: HTTPHeadLimits = HTTPHeadLimits(), progress: inout HTTPHeadProgress
    ) throws(HTTPParseError) -> HTTPHead? {
        try parse(buffer, limits: limits, progress: &progress, requestMethod: nil)
    }

    /// Parses a response head; `requestMethod` is the method of the request it answers, which decides its framing
    /// (no body after `HEAD`, a tunnel after a `2xx` to `CONNECT`).
    public static func parseResponse(
        _ buffer: ByteBuffer, requestMethod: HTTPHead.Method, limits: HTTPHeadLimits = HTTPHeadLimits()
    ) throws(HTTPParseError) -> HTTPHead? {
        var progress = HTTPHeadProgress()
        return try parseResponse(buffer, requestMethod: requestMethod, limits: limits, progress: &progress)
    }

    /// Parses a response head, resuming the search for its end where the previous attempt stopped.
    public static func parseResponse(
        _ buffer: ByteBuffer, requestMethod: HTTPHead.Method, limits: HTTPHeadLimits = HTTPHeadLimits(),
        progress: inout HTTPHeadProgress
    ) throws(HTTPParseError) -> HTTPHead? {
        try parse(buffer, limits: limits, progress: &progress, requestMethod: requestMethod)
    }

    /// Parses a request head into `head`, reusing its field storage (a connection parses many heads); returns false,
    /// leaving `head` unspecified, when the head is not complete yet.
    public static func parseRequest(
        _ buffer: ByteBuffer, limits: HTTPHeadLimits, progress: inout HTTPHeadProgress, into head: inout HTTPHead
    ) throws(HTTPParseError) -> Bool {
        try parse(buffer, limits: limits, progress: &progress, requestMethod: nil, into: &head)
    }

    /// Parses a response head into `head`, as ``parseRequest(_:limits:progress:into:)`` does.
    public static func parseResponse(
        _ buffer: ByteBuffer, requestMethod: HTTPHead.Method, limits: HTTPHeadLimits, progress: inout HTTPHeadProgress,
        into head: inout HTTPHead
    ) throws(HTTPParseError) -> Bool {
        try parse(buffer, limits: limits, progress: &progress, requestMethod: requestMethod, into: &head)
    }

    /// `requestMethod` is `nil` when parsing a request.
    private static func parse(
        _ buffer: ByteBuffer, limits: HTTPHeadLimits, progress: inout HTTPHeadProgress,
        requestMethod: HTTPHead.Method?
    ) throws(HTTPParseError) -> HTTPHead? {
        var head = HTTPHead.empty
        return try parse(buffer, limits: limits, progress: &progress, requestMethod: requestMethod, into: &head) ? head : nil
    }

    /// The parse itself. It works on a head the caller owns rather than returning an `HTTPHead?`: optional heads
    /// were created and destroyed through generic value witnesses (about a twentieth of a proxied request's
    /// instructions), and the fields array is reused.
    private static func parse(
        _ buffer: ByteBuffer, limits: HTTPHeadLimits, progress: inout HTTPHeadProgress,
        requestMethod: HTTPHead.Method?, into head: inout HTTPHead
    ) throws(HTTPParseError) -> Bool {
        var complete = false
        var failure: HTTPParseError?
        buffer.withUnsafeReadableBytes { bytes in
            do throws(HTTPParseError) {
                guard let end = try findEnd(bytes, limits: limits, progress: &progress, isRequest: requestMethod == nil)
                else { return }
                try parseHead(bytes, start: end.start, length: end.length, limits: limits,
                              requestMethod: requestMethod, into: &head)
                complete = true
            } catch {
                failure = error
            }
        }
        if let failure {
            progress = HTTPHeadProgress()
            throw failure
        }
        if complete { progress = HTTPHeadProgress() }
        return complete
    }

    /// Finds the empty line that ends the head: returns where the start line begins and the head's length, or `nil`
    /// when the bytes so far do not hold a complete head within the limit.
    ///
    /// Only LFs are looked at (one per line), and each must follow a CR, so a bare LF is refused as soon as it
    /// arrives rather than when the head completes.
    static func findEnd(
        _ bytes: UnsafeRawBufferPointer, limits: HTTPHeadLimits, progress: inout HTTPHeadProgress, isRequest: Bool
    ) throws(HTTPParseError) -> (start: Int, length: Int)? {
        let available = min(bytes.count, limits.maxHeadSize)
        var start = 0
        if isRequest {
            while start &+ 1 < available, bytes[start] == HTTPByteClass.cr, bytes[start &+ 1] == HTTPByteClass.lf {
                start &+= 2
            }
        }
        var position = max(progress.scannedBytes, start)
        while let lf = indexOfLF(bytes, from: position, to: available) {
            guard lf > 0, bytes[lf &- 1] == HTTPByteClass.cr else { throw .bareLF }
            if lf &- start >= 3, bytes[lf &- 2] == HTTPByteClass.lf, bytes[lf &- 3] == HTTPByteClass.cr {
                return (start, lf &+ 1)
            }
            position = lf &+ 1
        }
        guard bytes.count < limits.maxHeadSize else { throw .headTooLarge }
        progress.scannedBytes = available
        return nil
    }

    @inline(__always)
    private static func indexOfLF(_ bytes: UnsafeRawBufferPointer, from: Int, to end: Int) -> Int? {
        guard from < end, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + from, Int32(HTTPByteClass.lf), end &- from) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// Parses a head whose end is known: `bytes[start ..< length]` is the start line through the final CRLF.
    private static func parseHead(
        _ bytes: UnsafeRawBufferPointer, start: Int, length: Int, limits: HTTPHeadLimits,
        requestMethod: HTTPHead.Method?, into head: inout HTTPHead
    ) throws(HTTPParseError) {
        let kind: HTTPHead.Kind
        let version: HTTPHead.Version
        let fieldsStart: Int
        if requestMethod == nil {
            (kind, version, fieldsStart) = try parseRequestLine(bytes, from: start)
        } else {
            (kind, version, fieldsStart) = try parseStatusLine(bytes, from: start)
        }
        head.fields.removeAll(keepingCapacity: true)
        head.fields.reserveCapacity(16)
        try parseFields(bytes, from: fieldsStart, limits: limits, into: &head.fields)
        let summary = try HTTPFieldSummary(bytes, fields: head.fields, isRequest: requestMethod == nil)
        let info: HTTPMessageInfo
        switch kind {
        case .request:
            info = try HTTPMessageInfo(request: summary, version: version)
        case .response(let status, _):
            info = try HTTPMessageInfo(
                response: summary, version: version, status: status, requestMethod: requestMethod ?? .get)
        }
        head.kind = kind
        head.version = version
        head.headLength = length
        head.startLineOffset = start
        head.info = info
    }
}
