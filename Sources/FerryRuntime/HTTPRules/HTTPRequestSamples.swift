import FerryModel
import NIOCore

/// What conditions and formatted values can look at in one request: the layer-4 samples plus the request head.
///
/// Built per request from the parsed head and the buffer it was parsed from (its reader index unmoved since the
/// parse); holding it keeps that buffer alive. Nothing is decoded up front: each fetch turns only the bytes it needs
/// into a `String` (short paths and values fit Swift's inline small strings), so a request whose rules look at
/// nothing costs nothing. Lives on the session's event loop.
struct HTTPRequestSamples: SampleSource {
    let head: HTTPHead
    let buffer: ByteBuffer
    let sourceAddress: SocketAddress?
    let destinationPort: Int?

    init(head: HTTPHead, buffer: ByteBuffer, sourceAddress: SocketAddress?, destinationPort: Int?) {
        self.head = head
        self.buffer = buffer
        self.sourceAddress = sourceAddress
        self.destinationPort = destinationPort
    }

    func values(of fetch: ACLFetch) -> [Substring]? {
        switch fetch {
        case .path: path.map { [$0] }
        case .query: query.map { [$0] }
        case .method: [method]
        case .header(let name): headerValues(name)
        case .urlParameter(let name): urlParameter(name).map { [$0] }
        case .source, .destinationPort, .constant: nil
        }
    }

    /// The method as sent.
    var method: Substring {
        guard case .request(_, let range, _) = head.kind else { return "" }
        return Substring(string(range))
    }

    /// The path of the request-target, without the query (HAProxy's `path`): for `http://host/p?q` it is `/p`.
    /// `nil` for the `*` and authority forms and for an absolute-form target without a path.
    var path: Substring? {
        guard let parts = targetParts, let path = parts.path else { return nil }
        return Substring(string(path))
    }

    /// What follows the first `?` of the target (possibly empty), or `nil` when there is no `?`.
    var query: Substring? {
        guard let parts = targetParts, let query = parts.query else { return nil }
        return Substring(string(query))
    }

    /// The path followed by `?` and the query when there is one; `nil` like `path`.
    var pathAndQuery: Substring? {
        guard let parts = targetParts, let path = parts.path else { return nil }
        let end = parts.query?.upperBound ?? path.upperBound
        return Substring(string(path.lowerBound..<end))
    }

    /// The value of the first `name=value` pair of the query (HAProxy's `url_param`; names are case-sensitive and a
    /// name without `=` has no value), or `nil`.
    func urlParameter(_ name: String) -> Substring? {
        guard let query else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: "="), pair[..<equals] == name else { continue }
            return pair[pair.index(after: equals)...]
        }
        return nil
    }

    /// Every value of every field with this name (ASCII case-insensitive), each field split on the commas that are
    /// outside double quotes and trimmed, as HAProxy's `hdr()` does in ACLs. `nil` when there is no such field; a
    /// field with an empty value gives one empty value.
    func headerValues(_ name: String) -> [Substring]? {
        var values: [Substring] = []
        var found = false
        var name = name
        name.withUTF8 { name in
            buffer.withUnsafeReadableBytes { bytes in
                for field in head.fields where HTTPRuleBytes.equalsIgnoringCase(bytes, field.nameRange, name) {
                    let value = HTTPRuleBytes.string(bytes, field.valueRange)
                    values.append(contentsOf: HTTPListSplitter.elements(of: value))
                    found = true
                }
            }
        }
        return found ? values : nil
    }

    /// The request-target split into its parts, as byte ranges relative to the head start.
    var targetParts: HTTPTargetParts? {
        guard case .request(let method, _, let target) = head.kind else { return nil }
        return buffer.withUnsafeReadableBytes { HTTPTargetParts(bytes: $0, target: target, isConnect: method == .connect) }
    }

    private func string(_ range: Range<Int>) -> String {
        buffer.withUnsafeReadableBytes { HTTPRuleBytes.string($0, range) }
    }
}

/// The parts of a request-target (RFC 9112 §3.2) as byte ranges.
struct HTTPTargetParts: Equatable {
    /// `scheme://authority` of an absolute-form target: kept in front of a new path.
    var prefix: Range<Int>
    /// From the first `/` to the `?` or the end; `nil` when the form has no path.
    var path: Range<Int>?
    /// After the `?`; `nil` without one.
    var query: Range<Int>?
    /// The authority of an absolute-form or authority-form target.
    var authority: Range<Int>?

    init(bytes: UnsafeRawBufferPointer, target: Range<Int>, isConnect: Bool) {
        let question = target.first { bytes[$0] == UInt8(ascii: "?") }
        query = question.map { ($0 + 1)..<target.upperBound }
        let beforeQuery = target.lowerBound..<(question ?? target.upperBound)
        if isConnect {
            prefix = target.lowerBound..<target.lowerBound
            path = nil
            authority = target
            return
        }
        switch bytes[target.lowerBound] {
        case UInt8(ascii: "/"):
            prefix = target.lowerBound..<target.lowerBound
            path = beforeQuery
            authority = nil
        case UInt8(ascii: "*"):
            prefix = target.lowerBound..<target.lowerBound
            path = nil
            authority = nil
        default:
            // The parser checked the absolute form: a scheme, "://", then a non-empty authority.
            var index = target.lowerBound
            while index < beforeQuery.upperBound, bytes[index] != UInt8(ascii: ":") { index += 1 }
            let authorityStart = min(index + 3, beforeQuery.upperBound)
            var authorityEnd = authorityStart
            while authorityEnd < beforeQuery.upperBound, bytes[authorityEnd] != UInt8(ascii: "/") { authorityEnd += 1 }
            prefix = target.lowerBound..<authorityEnd
            authority = authorityStart..<authorityEnd
            path = authorityEnd < beforeQuery.upperBound ? authorityEnd..<beforeQuery.upperBound : nil
        }
    }
}

/// Byte helpers shared by the samples and the head writer.
enum HTTPRuleBytes {
    /// Whether `bytes[range]` equals `name` ignoring ASCII case.
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ name: String) -> Bool {
        var name = name
        return name.withUTF8 { equalsIgnoringCase(bytes, range, $0) }
    }

    static func equalsIgnoringCase(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ name: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard range.count == name.count else { return false }
        var offset = 0
        while offset < name.count {
            if lowercased(bytes[range.lowerBound &+ offset]) != lowercased(name[offset]) { return false }
            offset &+= 1
        }
        return true
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// The bytes as a `String`; bytes that are not UTF-8 (obs-text) are replaced.
    static func string(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}

/// Splits a field value into list elements the way HAProxy's header lookup does: on commas outside double-quoted
/// strings (a backslash escapes the next byte inside quotes), each element trimmed of spaces and tabs.
enum HTTPListSplitter {
    static func elements(of value: String) -> [Substring] {
        var elements: [Substring] = []
        var start = value.startIndex
        var inQuotes = false
        var escaped = false
        var index = value.startIndex
        while index < value.endIndex {
            let character = value[index]
            if escaped {
                escaped = false
            } else if inQuotes && character == "\\" {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else if character == "," && !inQuotes {
                elements.append(trimmed(value[start..<index]))
                start = value.index(after: index)
            }
            index = value.index(after: index)
        }
        elements.append(trimmed(value[start...]))
        return elements
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
