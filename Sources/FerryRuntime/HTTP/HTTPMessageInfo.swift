/// How the body of a message is delimited (RFC 9112 §6.3).
public enum HTTPFraming: Sendable, Equatable {
    /// No body: the next message starts right after the head.
    case none
    /// Exactly this many body bytes.
    case contentLength(UInt64)
    /// The chunked transfer coding, trailers included.
    case chunked
    /// A response body that ends when the server closes the connection.
    case untilClose
    /// After the head the connection carries opaque bytes both ways: a `101` response or a `2xx` to `CONNECT`.
    case tunnel
}

/// The tokens of the `Connection` header fields that change how a connection is handled.
public struct HTTPConnectionOptions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let close = HTTPConnectionOptions(rawValue: 1 << 0)
    public static let keepAlive = HTTPConnectionOptions(rawValue: 1 << 1)
    public static let upgrade = HTTPConnectionOptions(rawValue: 1 << 2)
    /// Any other token: the name of a hop-by-hop field that a proxy must remove before forwarding.
    public static let other = HTTPConnectionOptions(rawValue: 1 << 3)
}

/// Framing and connection semantics of one message, derived from its head by the parser.
public struct HTTPMessageInfo: Sendable, Equatable {
    public var framing: HTTPFraming
    /// Whether the sender allows another message on this connection after this one: HTTP/1.1 unless
    /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`. Always false for a response delimited by
    /// the close or turned into a tunnel.
    public var keepAlive: Bool
    /// A request: HTTP/1.1 with an `Upgrade` field and the `upgrade` connection option (RFC 9110 §7.8).
    /// A response: status `101`.
    public var upgrade: Bool
    /// An HTTP/1.1 request that expects `100 Continue` before sending its body (RFC 9110 §10.1.1).
    public var expectContinue: Bool
    /// The tokens seen in `Connection` fields.
    public var connection: HTTPConnectionOptions
    /// The `Content-Length` or `Transfer-Encoding` fields are valid but not in their one plain form (repeated, a
    /// list, other letter case, whitespace other than one SP before the value). A proxy must not forward them as
    /// they are, since the next parser may read them differently: write one `Content-Length: N` or
    /// `Transfer-Encoding: chunked` instead.
    public var framingNeedsRewrite: Bool

    public init(
        framing: HTTPFraming, keepAlive: Bool, upgrade: Bool = false, expectContinue: Bool = false,
        connection: HTTPConnectionOptions = [], framingNeedsRewrite: Bool = false
    ) {
        self.framing = framing
        self.keepAlive = keepAlive
        self.upgrade = upgrade
        self.expectContinue = expectContinue
        self.connection = connection
        self.framingNeedsRewrite = framingNeedsRewrite
    }
}

extension HTTPMessageInfo {
    /// Request framing (RFC 9112 §6.3, rules 3 to 7, made strict).
    ///
    /// `Transfer-Encoding` must be exactly `chunked`: another coding before it (`gzip, chunked`) would be legal, but
    /// we never decode codings and a request body the server cannot frame like us is how smuggling starts, so it is
    /// refused like any other coding.
    init(request summary: HTTPFieldSummary, version: HTTPHead.Version) throws(HTTPParseError) {
        let framing: HTTPFraming
        if summary.hasTransferEncoding {
            guard version == .http1_1 else { throw .transferEncodingInHTTP10 }
            guard summary.contentLength == nil else { throw .contentLengthWithTransferEncoding }
            guard summary.codingCount == 1, summary.chunkedCount == 1 else { throw .unsupportedTransferEncoding }
            framing = .chunked
        } else if let length = summary.contentLength {
            framing = .contentLength(length)
        } else {
            framing = .none
        }
        self.init(
            framing: framing,
            keepAlive: Self.keepAlive(version: version, connection: summary.connection),
            upgrade: version == .http1_1 && summary.hasUpgrade && summary.connection.contains(.upgrade),
            expectContinue: version == .http1_1 && summary.expectsContinue,
            connection: summary.connection,
            framingNeedsRewrite: !summary.framingIsPlain)
    }

    /// Response framing (RFC 9112 §6.3, rules 1 to 8).
    ///
    /// The framing fields are checked even where they do not apply (after `HEAD`, for `204`/`304`), so a response
    /// with contradictory framing is refused whatever it answers. A final `chunked` after other codings is accepted
    /// here (we forward the bytes, we never decode them); `chunked` elsewhere or twice is refused.
    init(
        response summary: HTTPFieldSummary, version: HTTPHead.Version, status: Int, requestMethod: HTTPHead.Method
    ) throws(HTTPParseError) {
        var transferFraming = HTTPFraming.untilClose
        if summary.hasTransferEncoding {
            guard version == .http1_1 else { throw .transferEncodingInHTTP10 }
            guard summary.contentLength == nil else { throw .contentLengthWithTransferEncoding }
            if summary.chunkedCount > 0 {
                guard summary.chunkedCount == 1, summary.lastCodingIsChunked else {
                    throw .unsupportedTransferEncoding
                }
                transferFraming = .chunked
            }
        }
        let framing: HTTPFraming
        switch status {
        case 101: framing = .tunnel
        case 100..<200: framing = .none
        case 200..<300 where requestMethod == .connect: framing = .tunnel
        case 204, 304: framing = .none
        case _ where requestMethod == .head: framing = .none
        case _ where summary.hasTransferEncoding: framing = transferFraming
        default: framing = summary.contentLength.map { .contentLength($0) } ?? .untilClose
        }
        let reusable = framing != .untilClose && framing != .tunnel
        self.init(
            framing: framing,
            keepAlive: reusable && Self.keepAlive(version: version, connection: summary.connection),
            upgrade: status == 101,
            expectContinue: false,
            connection: summary.connection,
            framingNeedsRewrite: !summary.framingIsPlain)
    }

    private static func keepAlive(version: HTTPHead.Version, connection: HTTPConnectionOptions) -> Bool {
        switch version {
        case .http1_1: !connection.contains(.close)
        case .http1_0: connection.contains(.keepAlive) && !connection.contains(.close)
        }
    }
}
