import NIOCore

/// The `Connection` field a written head carries, which is how Ferry tells each peer what happens to the connection
/// after this message.
enum ConnectionHeader: Sendable, Equatable {
    /// No `Connection` field: the peer's version decides (HTTP/1.1 keeps the connection open).
    case none
    case keepAlive
    case close
    /// `Connection: upgrade`, and the `Upgrade` field is kept (a protocol switch is being forwarded).
    case upgrade

    /// What to write to a peer that speaks `version` so that the connection stays open or closes: nothing for an
    /// HTTP/1.1 peer kept alive (so a head without `Connection` can be forwarded untouched), `keep-alive` for an
    /// HTTP/1.0 one, `close` to close. Ferry speaks HTTP/1.1 to servers, so requests pass `.http1_1`.
    static func toward(peerVersion version: HTTPHead.Version, keepAlive: Bool) -> ConnectionHeader {
        guard keepAlive else { return .close }
        return version == .http1_0 ? .keepAlive : .none
    }

    var value: StaticString? {
        switch self {
        case .none: nil
        case .keepAlive: "keep-alive"
        case .close: "close"
        case .upgrade: "upgrade"
        }
    }
}

/// Writes the head Ferry forwards: the received head's bytes, copied range by range, with the rules' edits, the
/// hop-by-hop fields removed and Ferry's own `Connection` field.
///
/// Always HTTP/1.1 on the start line (RFC 9110 §6.2: an intermediary sends its own version). Hop-by-hop fields are
/// removed as RFC 9110 §7.6.1 asks: `Connection` and every field it names, `Keep-Alive`, `Proxy-Connection`, `TE`,
/// `Trailer`, and `Upgrade` unless `.upgrade` is written. `Content-Length`, `Transfer-Encoding` and `Host` are never
/// removed, even when `Connection` names them, since they carry the framing and the routing the parser already
/// acted on. Framing fields the parser flagged (`framingNeedsRewrite`) are replaced by one canonical field.
///
/// Ferry adds no `X-Forwarded-Proto`, `X-Forwarded-Host` or `Forwarded` of its own: HAProxy doesn't either, and the
/// model has no setting for them (`http-request set-header` writes them when wanted). `X-Forwarded-For` comes from
/// `option forwardfor` as an ordinary added field (see `ForwardedForPolicy`).
///
/// Only the values of edits are written from `String`s; everything else is copied from the received bytes, runs
/// of consecutive untouched field lines in one copy.
enum HeadWriter {
    /// Whether the head must be rewritten; when false, forward the received bytes as they are (from
    /// `head.startLineOffset` to `head.headLength`).
    ///
    /// A rewrite is needed for edits, an HTTP/1.0 head (Ferry speaks 1.1), framing fields to canonicalise, any
    /// hop-by-hop field, or a `Connection` field that differs from the one wanted. A lone `Connection: keep-alive`
    /// where none is wanted (an HTTP/1.1 peer kept alive) stays: it says what is true of the next hop too, and
    /// rewriting every such head (nginx sends one with each response) cost a tenth of a proxied request.
    static func needsRewrite(_ head: HTTPHead, edits: HeadEdits, connection: ConnectionHeader) -> Bool {
        if !edits.isEmpty || head.version == .http1_0 || head.info.framingNeedsRewrite { return true }
        var hasConnectionField = false
        for field in head.fields {
            switch field.knownName {
            case .keepAlive, .proxyConnection, .te, .trailer: return true
            case .upgrade where connection != .upgrade: return true
            case .connection: hasConnectionField = true
            default: continue
            }
        }
        let options = head.info.connection
        switch connection {
        case .none: return hasConnectionField && options != [.keepAlive]
        case .keepAlive: return options != [.keepAlive]
        case .close: return options != [.close]
        case .upgrade: return options != [.upgrade]
        }
    }

    /// Appends the rewritten request head to `output`: `METHOD SP target SP HTTP/1.1`, the fields, the empty line.
    ///
    /// `buffer` must be the buffer the head was parsed from, its reader index where the parse started. A `set-path`
    /// edit replaces the path of an origin-form or absolute-form target (the query and the `scheme://authority` are
    /// kept); targets without a path (`*`, the authority form, `http://host?query`) are kept as they are.
    static func writeRequest(
        _ head: HTTPHead, from buffer: ByteBuffer, edits: HeadEdits, connection: ConnectionHeader,
        into output: inout ByteBuffer
    ) {
        guard case .request(let method, let methodRange, let targetRange) = head.kind else { return }
        buffer.withUnsafeReadableBytes { bytes in
            output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[methodRange]))
            output.writeInteger(HTTPByteClass.space)
            let parts = HTTPTargetParts(bytes: bytes, target: targetRange, isConnect: method == .connect)
            if let newPath = edits.path, let path = parts.path {
                output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[parts.prefix]))
                writePath(newPath, into: &output)
                if let query = parts.query {
                    output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[(path.upperBound)..<query.upperBound]))
                }
            } else {
                output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[targetRange]))
            }
            output.writeStaticString(" HTTP/1.1\r\n")
            writeFields(head, bytes, edits: edits, connection: connection, into: &output)
            if head.version == .http1_0, !edits.hasField(lowercasedName: "host", in: head, buffer: buffer) {
                // HTTP/1.1 requires Host (RFC 9112 §3.2): the absolute-form authority, or an empty value.
                output.writeStaticString("Host: ")
                if let authority = parts.authority {
                    output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[authority]))
                }
                output.writeStaticString("\r\n")
            }
            writeTail(edits: edits, connection: connection, into: &output)
        }
    }

    /// Appends the rewritten response head to `output`: `HTTP/1.1 NNN reason` (the server's reason), the fields, the
    /// empty line.
    static func writeResponse(
        _ head: HTTPHead, from buffer: ByteBuffer, edits: HeadEdits, connection: ConnectionHeader,
        into output: inout ByteBuffer
    ) {
        writeResponse(head, from: buffer, edits: edits, connection: connection, contentLength: nil, into: &output)
    }

    /// `contentLength`, when given, replaces the received framing fields with `Content-Length: N` (error files,
    /// whose body is the rest of the file).
    static func writeResponse(
        _ head: HTTPHead, from buffer: ByteBuffer, edits: HeadEdits, connection: ConnectionHeader,
        contentLength: Int?, into output: inout ByteBuffer
    ) {
        guard case .response(let status, let reasonRange) = head.kind else { return }
        buffer.withUnsafeReadableBytes { bytes in
            output.writeStaticString("HTTP/1.1 ")
            writeStatus(status, into: &output)
            output.writeInteger(HTTPByteClass.space)
            output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[reasonRange]))
            output.writeStaticString("\r\n")
            writeFields(head, bytes, edits: edits, connection: connection, dropFraming: contentLength != nil,
                        into: &output)
            if let contentLength {
                output.writeStaticString("Content-Length: ")
                output.writeString(String(contentLength))
                output.writeStaticString("\r\n")
            }
            writeTail(edits: edits, connection: connection, into: &output)
        }
    }

    /// Three digits; parsed and configured statuses are always 100 to 599.
    static func writeStatus(_ status: Int, into output: inout ByteBuffer) {
        let value = max(100, min(status, 999))
        output.writeInteger(UInt8(ascii: "0") &+ UInt8(value / 100))
        output.writeInteger(UInt8(ascii: "0") &+ UInt8(value / 10 % 10))
        output.writeInteger(UInt8(ascii: "0") &+ UInt8(value % 10))
    }

    /// The added fields, the `Connection` field and the empty line.
    private static func writeTail(edits: HeadEdits, connection: ConnectionHeader, into output: inout ByteBuffer) {
        for field in edits.addedFields {
            output.writeString(field.name)
            output.writeStaticString(": ")
            writeValue(field.value, into: &output)
            output.writeStaticString("\r\n")
        }
        if let value = connection.value {
            output.writeStaticString("Connection: ")
            output.writeStaticString(value)
            output.writeStaticString("\r\n")
        }
        output.writeStaticString("\r\n")
    }

    /// A value from a rule: CR, LF and NUL would split or end the field (header injection), so they become spaces.
    static func writeValue(_ value: String, into output: inout ByteBuffer) {
        guard value.utf8.contains(where: { $0 == HTTPByteClass.cr || $0 == HTTPByteClass.lf || $0 == 0 }) else {
            output.writeString(value)
            return
        }
        for byte in value.utf8 {
            output.writeInteger(byte == HTTPByteClass.cr || byte == HTTPByteClass.lf || byte == 0 ? HTTPByteClass.space : byte)
        }
    }

    /// A new path from `set-path`: bytes a request-target cannot hold (controls, spaces, `#`, non-ASCII) are
    /// percent-encoded, and an empty path becomes `/`.
    static func writePath(_ path: String, into output: inout ByteBuffer) {
        guard !path.isEmpty else {
            output.writeInteger(UInt8(ascii: "/"))
            return
        }
        let hex: StaticString = "0123456789ABCDEF"
        for byte in path.utf8 {
            if HTTPByteClass.isTarget(byte) {
                output.writeInteger(byte)
            } else {
                output.writeInteger(UInt8(ascii: "%"))
                output.writeInteger(hex.utf8Start[Int(byte >> 4)])
                output.writeInteger(hex.utf8Start[Int(byte & 0x0F)])
            }
        }
    }
}
