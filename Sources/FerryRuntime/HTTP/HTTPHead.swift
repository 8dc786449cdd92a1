/// A parsed HTTP/1.x request or response head, as byte ranges into the buffer it was parsed from.
///
/// Every range is relative to the buffer's `readerIndex` at parse time (the head start), so a head holds no copy of
/// the bytes: keep the buffer (or a slice of it) to read names and values, or use the `String` accessors in
/// `HTTPHead+Strings.swift` where speed does not matter. `headLength` bytes, from the head start, belong to the head.
public struct HTTPHead: Sendable, Equatable {
    /// Request or response, with the start line's parts.
    public enum Kind: Sendable, Equatable {
        case request(method: Method, methodRange: Range<Int>, targetRange: Range<Int>)
        case response(status: Int, reasonRange: Range<Int>)
    }

    /// The two versions this parser accepts; anything else is refused with `.badVersion`.
    public enum Version: Sendable, Equatable {
        case http1_0
        case http1_1
    }

    /// Methods that change how a message is framed or forwarded; the rest are `.other` (read the `methodRange`).
    public enum Method: UInt8, Sendable, Equatable {
        case get, head, post, put, delete, connect, options, trace, patch, other
    }

    public var kind: Kind
    public var version: Version
    /// Header field lines in the order received, duplicates kept.
    public var fields: [Field]
    /// Bytes from the head start up to and including the CRLF of the empty line that ends the head.
    public var headLength: Int
    /// Bytes of empty lines (CRLF) received before a request line, which RFC 9112 §2.2 asks servers to ignore. They
    /// are part of `headLength` (consume them) but not of the message (don't forward them). Always 0 for responses.
    public var startLineOffset: Int
    /// Framing and connection semantics derived from the head.
    public var info: HTTPMessageInfo

    public init(
        kind: Kind, version: Version, fields: [Field], headLength: Int, startLineOffset: Int, info: HTTPMessageInfo
    ) {
        self.kind = kind
        self.version = version
        self.fields = fields
        self.headLength = headLength
        self.startLineOffset = startLineOffset
        self.info = info
    }

    /// A placeholder to parse into (see `HTTPHeadParser.parseRequest(_:limits:progress:into:)`).
    public static var empty: HTTPHead {
        HTTPHead(
            kind: .response(status: 0, reasonRange: 0..<0), version: .http1_1, fields: [], headLength: 0,
            startLineOffset: 0, info: HTTPMessageInfo(framing: .none, keepAlive: false))
    }

    /// The request method, or `nil` for a response.
    public var method: Method? {
        if case .request(let method, _, _) = kind { return method }
        return nil
    }

    /// The response status code, or `nil` for a request.
    public var status: Int? {
        if case .response(let status, _) = kind { return status }
        return nil
    }

    /// The index of the first field with this well-known name, if any.
    public func firstIndex(of name: Field.KnownName) -> Int? {
        fields.firstIndex { $0.knownName == name }
    }
}

extension HTTPHead {
    /// One header field line: where its name and (whitespace-trimmed) value are, relative to the head start.
    ///
    /// Stored as 32-bit offsets to keep a head's field array small; heads are limited far below 4 GiB.
    public struct Field: Sendable, Equatable {
        /// Field names a proxy acts on, recognised case-insensitively while parsing so that nothing later has to
        /// compare names again.
        public enum KnownName: UInt8, Sendable, Equatable {
            case other
            case host
            case contentLength
            case transferEncoding
            case connection
            case keepAlive
            case proxyConnection
            case upgrade
            case expect
            case te
            case trailer
        }

        var nameStart: UInt32
        var nameEnd: UInt32
        var valueStart: UInt32
        var valueEnd: UInt32
        public var knownName: KnownName

        public init(nameRange: Range<Int>, valueRange: Range<Int>, knownName: KnownName) {
            self.nameStart = UInt32(nameRange.lowerBound)
            self.nameEnd = UInt32(nameRange.upperBound)
            self.valueStart = UInt32(valueRange.lowerBound)
            self.valueEnd = UInt32(valueRange.upperBound)
            self.knownName = knownName
        }

        /// The name's bytes, relative to the head start.
        public var nameRange: Range<Int> { Int(nameStart)..<Int(nameEnd) }

        /// The value's bytes without leading and trailing whitespace, relative to the head start.
        public var valueRange: Range<Int> { Int(valueStart)..<Int(valueEnd) }
    }
}
