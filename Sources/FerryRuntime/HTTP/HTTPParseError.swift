/// Why an HTTP/1.x message was refused.
///
/// One case per reason, so that logs, stats and the smuggling tests can tell them apart. The parser does not say which
/// side sent the bytes: the caller knows (a request error is the client's, a response error the server's).
public enum HTTPParseError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    // Start line.
    /// The request line is not `method SP request-target SP HTTP-version` (missing or doubled spaces, missing target).
    case badRequestLine
    /// The method is not an RFC 9110 token.
    case badMethod
    /// The request-target holds a space, a control, a non-ASCII byte or `#`, or does not fit the method's form.
    case badTarget
    /// The version is not exactly `HTTP/1.1` or `HTTP/1.0`.
    case badVersion
    /// The status line is not `HTTP-version SP 3DIGIT [SP reason]`.
    case badStatusLine
    /// The status code is not three digits in 100...599.
    case badStatusCode

    // Header fields.
    /// A field name is empty, holds a non-token byte or has no colon.
    case badHeaderName
    /// Whitespace between a field name and its colon (RFC 9112 §5.1 requires a 400).
    case whitespaceBeforeColon
    /// A field value (or the reason phrase) holds NUL, a bare CR or another control other than HTAB.
    case badHeaderValue
    /// A line starts with SP or HTAB: obsolete line folding, or whitespace after the start line.
    case obsFold
    /// An LF not preceded by CR: only CRLF ends a line.
    case bareLF
    /// The head did not end within the size limit (`tune.bufsize`).
    case headTooLarge
    /// More header fields than the limit.
    case tooManyHeaders
    /// More than one `Host` field line (RFC 9112 §3.2).
    case multipleHost

    // Framing.
    /// `Transfer-Encoding` in an HTTP/1.0 message, whose framing is then faulty (RFC 9112 §6.1).
    case transferEncodingInHTTP10
    /// Both `Content-Length` and `Transfer-Encoding`.
    case contentLengthWithTransferEncoding
    /// A `Content-Length` element is not a plain decimal number that fits 64 bits.
    case badContentLength
    /// Several `Content-Length` values that differ.
    case conflictingContentLength
    /// A `Transfer-Encoding` other than a single, final `chunked`.
    case unsupportedTransferEncoding

    // Chunked body.
    /// A chunk-size is empty or holds something other than hex digits.
    case badChunkSize
    /// A chunk-size does not fit 64 bits.
    case chunkSizeTooLarge
    /// A chunk extension holds a control byte or does not start with `;`.
    case badChunkExtension
    /// A chunk-size line (size and extensions) is longer than the limit.
    case chunkLineTooLong
    /// Chunk data is not followed by CRLF.
    case missingCRLFAfterChunk
    /// A trailer field line is malformed.
    case badTrailer
    /// The trailer section is larger than the limit or has too many fields.
    case trailersTooLarge
    /// The connection closed before the body announced by the framing was complete.
    case truncatedBody

    public var description: String {
        switch self {
        case .badRequestLine: "malformed request line"
        case .badMethod: "invalid method"
        case .badTarget: "invalid request-target"
        case .badVersion: "unsupported or malformed HTTP version"
        case .badStatusLine: "malformed status line"
        case .badStatusCode: "invalid status code"
        case .badHeaderName: "invalid header field name"
        case .whitespaceBeforeColon: "whitespace between header field name and colon"
        case .badHeaderValue: "invalid byte in header field value"
        case .obsFold: "obsolete line folding or whitespace at the start of a header line"
        case .bareLF: "line ended by LF without CR"
        case .headTooLarge: "message head larger than the buffer size"
        case .tooManyHeaders: "too many header fields"
        case .multipleHost: "more than one Host header field"
        case .transferEncodingInHTTP10: "Transfer-Encoding in an HTTP/1.0 message"
        case .contentLengthWithTransferEncoding: "both Content-Length and Transfer-Encoding"
        case .badContentLength: "invalid Content-Length"
        case .conflictingContentLength: "conflicting Content-Length values"
        case .unsupportedTransferEncoding: "unsupported Transfer-Encoding"
        case .badChunkSize: "invalid chunk size"
        case .chunkSizeTooLarge: "chunk size too large"
        case .badChunkExtension: "invalid chunk extension"
        case .chunkLineTooLong: "chunk size line too long"
        case .missingCRLFAfterChunk: "chunk data not followed by CRLF"
        case .badTrailer: "invalid trailer field"
        case .trailersTooLarge: "trailer section too large"
        case .truncatedBody: "connection closed before the end of the body"
        }
    }
}
