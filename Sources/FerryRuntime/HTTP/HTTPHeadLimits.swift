/// Size limits applied while parsing a head.
public struct HTTPHeadLimits: Sendable, Equatable {
    /// A head (start line, fields and the final empty line) must be complete within this many bytes, or parsing
    /// fails with `.headTooLarge`. HAProxy's `tune.bufsize`; at most `UInt32.max`.
    public var maxHeadSize: Int
    /// More field lines than this fail with `.tooManyHeaders` (HAProxy's `tune.http.maxhdr`).
    public var maxHeaderCount: Int

    public init(maxHeadSize: Int = 16384, maxHeaderCount: Int = 100) {
        precondition(maxHeadSize > 0 && maxHeadSize <= Int(UInt32.max), "maxHeadSize must fit 32 bits")
        precondition(maxHeaderCount > 0, "maxHeaderCount must be positive")
        self.maxHeadSize = maxHeadSize
        self.maxHeaderCount = maxHeaderCount
    }
}

/// Size limits applied to the framing bytes of a chunked body (never to its data).
public struct HTTPBodyLimits: Sendable, Equatable {
    /// The longest chunk-size line, size and extensions, without its CRLF. Extensions are forwarded unread, so the
    /// bound only protects the parser's state from an endless line.
    public var maxChunkLineLength: Int
    /// The largest trailer section, field lines and final CRLF included.
    public var maxTrailerSize: Int
    /// The most trailer field lines.
    public var maxTrailerCount: Int

    public init(maxChunkLineLength: Int = 4096, maxTrailerSize: Int = 16384, maxTrailerCount: Int = 100) {
        self.maxChunkLineLength = maxChunkLineLength
        self.maxTrailerSize = maxTrailerSize
        self.maxTrailerCount = maxTrailerCount
    }
}

/// How far an incomplete head has been searched, so the next attempt on the same (grown) buffer resumes there.
///
/// Keep one per message being received, pass it to every parse attempt on the same bytes (more may have been
/// appended), and leave it alone otherwise: the parser resets it when it returns a head or throws.
public struct HTTPHeadProgress: Sendable, Equatable {
    /// Bytes from the head start known not to contain the end of the head.
    public internal(set) var scannedBytes: Int

    public init() {
        self.scannedBytes = 0
    }
}
