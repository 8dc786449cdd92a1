// Start lines and field lines of a head whose end is known.
//
// Every function here runs on the bytes of a complete head, which ends with CRLF CRLF and holds no bare LF (both
// checked by `findEnd`). So a loop that stops at a CR at the latest never runs past the head, and the byte after a CR
// always exists. That invariant is why the loops below need no length checks.

extension HTTPHeadParser {
    /// `method SP request-target SP HTTP-version CRLF`, single spaces only (RFC 9112 §3).
    static func parseRequestLine(
        _ bytes: UnsafeRawBufferPointer, from start: Int
    ) throws(HTTPParseError) -> (HTTPHead.Kind, HTTPHead.Version, Int) {
        var index = start
        while HTTPByteClass.isToken(bytes[index]) { index &+= 1 }
        let methodRange = start..<index
        guard !methodRange.isEmpty, bytes[index] == HTTPByteClass.space else {
            throw isLineStructure(bytes[index]) ? .badRequestLine : .badMethod
        }
        index &+= 1
        let targetStart = index
        while HTTPByteClass.isTarget(bytes[index]) { index &+= 1 }
        let targetRange = targetStart..<index
        guard !targetRange.isEmpty, bytes[index] == HTTPByteClass.space else {
            throw isLineStructure(bytes[index]) ? .badRequestLine : .badTarget
        }
        let method = methodKind(bytes, methodRange)
        try checkTargetForm(bytes, targetRange, method: method)
        index &+= 1
        guard let version = versionAt(bytes, index) else { throw .badVersion }
        index &+= 8
        guard bytes[index] == HTTPByteClass.cr, bytes[index &+ 1] == HTTPByteClass.lf else { throw .badVersion }
        return (.request(method: method, methodRange: methodRange, targetRange: targetRange), version, index &+ 2)
    }

    /// `HTTP-version SP 3DIGIT [SP reason-phrase] CRLF`. The grammar requires the SP after the code; servers that
    /// leave out both it and the reason are accepted, as HAProxy and most clients do.
    static func parseStatusLine(
        _ bytes: UnsafeRawBufferPointer, from start: Int
    ) throws(HTTPParseError) -> (HTTPHead.Kind, HTTPHead.Version, Int) {
        guard let version = versionAt(bytes, start) else {
            throw startsWithHTTPSlash(bytes, start) ? .badVersion : .badStatusLine
        }
        var index = start &+ 8
        guard bytes[index] == HTTPByteClass.space else { throw .badStatusLine }
        index &+= 1
        var status = 0
        for _ in 0..<3 {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { throw .badStatusCode }
            status = status &* 10 &+ Int(digit)
            index &+= 1
        }
        guard (100...599).contains(status) else { throw .badStatusCode }
        var reasonStart = index
        switch bytes[index] {
        case HTTPByteClass.cr:
            break
        case HTTPByteClass.space:
            index &+= 1
            reasonStart = index
            while bytes[index] != HTTPByteClass.cr {
                guard HTTPByteClass.isFieldValue(bytes[index]) else { throw .badStatusLine }
                index &+= 1
            }
        default:
            throw HTTPByteClass.isToken(bytes[index]) ? .badStatusCode : .badStatusLine
        }
        guard bytes[index &+ 1] == HTTPByteClass.lf else { throw .badStatusLine }
        return (.response(status: status, reasonRange: reasonStart..<index), version, index &+ 2)
    }

    /// Field lines up to and including the empty line (RFC 9112 §5): `name ":" OWS value OWS CRLF`.
    static func parseFields(
        _ bytes: UnsafeRawBufferPointer, from start: Int, limits: HTTPHeadLimits, into fields: inout [HTTPHead.Field]
    ) throws(HTTPParseError) {
        var index = start
        while true {
            let first = bytes[index]
            if first == HTTPByteClass.cr {
                // `findEnd` stopped at the first empty line, so this one ends the head.
                guard bytes[index &+ 1] == HTTPByteClass.lf else { throw .badHeaderName }
                return
            }
            if HTTPByteClass.isWhitespace(first) { throw .obsFold }
            let nameStart = index
            while HTTPByteClass.isToken(bytes[index]) { index &+= 1 }
            let nameEnd = index
            guard nameEnd > nameStart, bytes[index] == HTTPByteClass.colon else {
                throw nameEnd > nameStart && HTTPByteClass.isWhitespace(bytes[index])
                    ? .whitespaceBeforeColon : .badHeaderName
            }
            guard fields.count < limits.maxHeaderCount else { throw .tooManyHeaders }
            index &+= 1
            while HTTPByteClass.isWhitespace(bytes[index]) { index &+= 1 }
            let valueStart = index
            var valueEnd = index
            while true {
                // Visible characters (and obs-text) first: one comparison for almost every byte of a value.
                let byte = bytes[index]
                if byte > HTTPByteClass.space, byte != 0x7F {
                    index &+= 1
                    valueEnd = index
                    continue
                }
                if byte == HTTPByteClass.cr { break }
                guard HTTPByteClass.isWhitespace(byte) else { throw .badHeaderValue }
                index &+= 1
            }
            guard bytes[index &+ 1] == HTTPByteClass.lf else { throw .badHeaderValue }
            index &+= 2
            fields.append(HTTPHead.Field(
                nameRange: nameStart..<nameEnd, valueRange: valueStart..<valueEnd,
                knownName: knownName(bytes, nameStart..<nameEnd)))
        }
    }

    /// Whether a byte that ended a start-line part means a malformed line (spacing, early end) rather than a bad part.
    private static func isLineStructure(_ byte: UInt8) -> Bool {
        HTTPByteClass.isWhitespace(byte) || byte == HTTPByteClass.cr
    }

    /// `HTTP/1.1` or `HTTP/1.0` at `index`, compared byte by byte so that a short line stops at its CR.
    private static func versionAt(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> HTTPHead.Version? {
        guard startsWithHTTPSlash(bytes, index), bytes[index &+ 5] == 0x31, bytes[index &+ 6] == 0x2E else { return nil }
        switch bytes[index &+ 7] {
        case 0x31: return .http1_1
        case 0x30: return .http1_0
        default: return nil
        }
    }

    /// `HTTP/`, case-sensitive (RFC 9112 §2.3).
    private static func startsWithHTTPSlash(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> Bool {
        bytes[index] == 0x48 && bytes[index &+ 1] == 0x54 && bytes[index &+ 2] == 0x54 && bytes[index &+ 3] == 0x50
            && bytes[index &+ 4] == 0x2F
    }

    /// The request-target's form must fit its method (RFC 9112 §3.2): authority-form for `CONNECT` only, `*` for
    /// `OPTIONS` only, otherwise origin-form (`/…`) or absolute-form (`scheme://authority…`). Authorities hold RFC
    /// 3986 characters only, since the proxy and the server both derive the host from them, and no userinfo (RFC 9110
    /// §4.2.4 asks recipients to treat it as an error).
    private static func checkTargetForm(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, method: HTTPHead.Method
    ) throws(HTTPParseError) {
        let first = bytes[range.lowerBound]
        if method == .connect {
            // authority-form: host ":" port, without userinfo (RFC 9112 §3.2.3).
            var lastColon: Int?
            for index in range {
                let byte = bytes[index]
                guard HTTPByteClass.isAuthority(byte), byte != 0x40 else { throw .badTarget }
                if byte == HTTPByteClass.colon { lastColon = index }
            }
            guard let colon = lastColon, colon > range.lowerBound, colon &+ 1 < range.upperBound else {
                throw .badTarget
            }
            for index in (colon &+ 1)..<range.upperBound where !(0x30...0x39).contains(bytes[index]) {
                throw .badTarget
            }
            return
        }
        if first == 0x2F { return }
        if first == 0x2A {
            guard range.count == 1, method == .options else { throw .badTarget }
            return
        }
        try checkAbsoluteForm(bytes, range)
    }

    /// `scheme "://" authority [ path-abempty [ "?" query ] ]`, scheme being ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
    private static func checkAbsoluteForm(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(HTTPParseError) {
        guard isAlpha(bytes[range.lowerBound]) else { throw .badTarget }
        var index = range.lowerBound &+ 1
        while index < range.upperBound, bytes[index] != HTTPByteClass.colon {
            let byte = bytes[index]
            guard isAlpha(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E
            else { throw .badTarget }
            index &+= 1
        }
        guard range.upperBound &- index > 3, bytes[index &+ 1] == 0x2F, bytes[index &+ 2] == 0x2F else {
            throw .badTarget
        }
        index &+= 3
        let authorityStart = index
        while index < range.upperBound, bytes[index] != 0x2F, bytes[index] != 0x3F {
            guard HTTPByteClass.isAuthority(bytes[index]), bytes[index] != 0x40 else { throw .badTarget }
            index &+= 1
        }
        guard index > authorityStart else { throw .badTarget }
    }

    private static func isAlpha(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    /// Methods are case-sensitive (RFC 9110 §9.1): `get` is a valid, unknown method.
    private static func methodKind(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> HTTPHead.Method {
        switch range.count {
        case 3:
            if matches(bytes, range, "GET") { return .get }
            if matches(bytes, range, "PUT") { return .put }
        case 4:
            if matches(bytes, range, "POST") { return .post }
            if matches(bytes, range, "HEAD") { return .head }
        case 5:
            if matches(bytes, range, "PATCH") { return .patch }
            if matches(bytes, range, "TRACE") { return .trace }
        case 6:
            if matches(bytes, range, "DELETE") { return .delete }
        case 7:
            if matches(bytes, range, "OPTIONS") { return .options }
            if matches(bytes, range, "CONNECT") { return .connect }
        default:
            break
        }
        return .other
    }

    private static func matches(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        let start = literal.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound &+ offset] != start[offset] { return false }
        return true
    }

    /// Classifies a field name by length first, so most names cost one switch.
    private static func knownName(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> HTTPHead.Field.KnownName {
        typealias Name = HTTPHead.Field.KnownName
        func equals(_ literal: StaticString) -> Bool { HTTPByteClass.equalsLowercase(bytes, range, literal) }
        switch range.count {
        case 2: return equals("te") ? .te : .other
        case 4: return equals("host") ? .host : .other
        case 6: return equals("expect") ? .expect : .other
        case 7: return equals("upgrade") ? .upgrade : equals("trailer") ? .trailer : .other
        case 10: return equals("connection") ? .connection : equals("keep-alive") ? .keepAlive : .other
        case 14: return equals("content-length") ? .contentLength : .other
        case 16: return equals("proxy-connection") ? .proxyConnection : .other
        case 17: return equals("transfer-encoding") ? .transferEncoding : .other
        default: return .other
        }
    }
}
