/// What the framing and connection fields of one head say, read in one pass over the fields the parser recognised.
///
/// List syntax (RFC 9110 §5.6.1) is applied strictly where a misreading changes the framing: empty elements are
/// refused in `Content-Length` and `Transfer-Encoding`, and tolerated (ignored) in `Connection` and `Expect`.
struct HTTPFieldSummary {
    var contentLength: UInt64?
    var hasTransferEncoding = false
    /// Transfer codings across all `Transfer-Encoding` fields, in order.
    var codingCount = 0
    var chunkedCount = 0
    var lastCodingIsChunked = false
    var connection: HTTPConnectionOptions = []
    var hasUpgrade = false
    var expectsContinue = false
    /// Whether the framing fields, if any, are a single `Content-Length: digits` or `Transfer-Encoding: chunked`,
    /// written with one space after the colon and none after the value.
    var framingIsPlain = true
    private var framingFieldCount = 0

    init(_ bytes: UnsafeRawBufferPointer, fields: [HTTPHead.Field], isRequest: Bool) throws(HTTPParseError) {
        var hostCount = 0
        for field in fields {
            switch field.knownName {
            case .host:
                hostCount &+= 1
                if isRequest && hostCount > 1 { throw .multipleHost }
            case .contentLength:
                try readContentLength(bytes, field.valueRange)
                notePlainness(bytes, field, plainValue: isDigits(bytes, field.valueRange))
            case .transferEncoding:
                try readTransferEncoding(bytes, field.valueRange)
                notePlainness(bytes, field, plainValue: matches(bytes, field.valueRange, "chunked"))
            case .connection:
                readConnection(bytes, field.valueRange)
            case .upgrade:
                hasUpgrade = true
            case .expect:
                readExpect(bytes, field.valueRange)
            case .other, .keepAlive, .proxyConnection, .te, .trailer:
                break
            }
        }
    }

    /// Framing fields that another parser could read differently (OWS other than one SP, lists, repeats, letter
    /// case) are valid, but the head should be rewritten before it is forwarded.
    private mutating func notePlainness(_ bytes: UnsafeRawBufferPointer, _ field: HTTPHead.Field, plainValue: Bool) {
        framingFieldCount &+= 1
        let value = field.valueRange
        let spacing = value.lowerBound == field.nameRange.upperBound &+ 2
            && bytes[value.lowerBound &- 1] == HTTPByteClass.space && bytes[value.upperBound] == HTTPByteClass.cr
        framingIsPlain = framingIsPlain && plainValue && spacing && framingFieldCount == 1
    }

    private func isDigits(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        range.allSatisfy { bytes[$0] &- 0x30 < 10 }
    }

    private func matches(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        return (0..<range.count).allSatisfy { bytes[range.lowerBound &+ $0] == literal.utf8Start[$0] }
    }

    /// Each element must be `1*DIGIT` (no sign, no spaces inside) and fit 64 bits; all elements of all fields must be
    /// equal (RFC 9112 §6.3 rule 5).
    private mutating func readContentLength(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(HTTPParseError) {
        var elements = HTTPListElements(bytes, range)
        while let element = elements.next() {
            guard !element.isEmpty else { throw .badContentLength }
            var value: UInt64 = 0
            for index in element {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { throw .badContentLength }
                let (times10, overflowed) = value.multipliedReportingOverflow(by: 10)
                let (sum, carried) = times10.addingReportingOverflow(UInt64(digit))
                guard !overflowed, !carried else { throw .badContentLength }
                value = sum
            }
            if let previous = contentLength, previous != value { throw .conflictingContentLength }
            contentLength = value
        }
    }

    /// Codings must be tokens without parameters (none is defined for `chunked`); they are only counted here, and the
    /// request and response rules decide what is acceptable.
    private mutating func readTransferEncoding(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>
    ) throws(HTTPParseError) {
        hasTransferEncoding = true
        var elements = HTTPListElements(bytes, range)
        while let element = elements.next() {
            guard !element.isEmpty else { throw .unsupportedTransferEncoding }
            for index in element where !HTTPByteClass.isToken(bytes[index]) { throw .unsupportedTransferEncoding }
            codingCount &+= 1
            lastCodingIsChunked = HTTPByteClass.equalsLowercase(bytes, element, "chunked")
            if lastCodingIsChunked { chunkedCount &+= 1 }
        }
    }

    private mutating func readConnection(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
        var elements = HTTPListElements(bytes, range)
        while let element = elements.next() {
            if element.isEmpty {
                continue
            } else if HTTPByteClass.equalsLowercase(bytes, element, "close") {
                connection.insert(.close)
            } else if HTTPByteClass.equalsLowercase(bytes, element, "keep-alive") {
                connection.insert(.keepAlive)
            } else if HTTPByteClass.equalsLowercase(bytes, element, "upgrade") {
                connection.insert(.upgrade)
            } else {
                connection.insert(.other)
            }
        }
    }

    private mutating func readExpect(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
        var elements = HTTPListElements(bytes, range)
        while let element = elements.next() {
            if HTTPByteClass.equalsLowercase(bytes, element, "100-continue") { expectsContinue = true }
        }
    }
}

/// The elements of a comma-separated field value, whitespace-trimmed; empty elements are returned too.
struct HTTPListElements {
    private let bytes: UnsafeRawBufferPointer
    private var index: Int
    private let end: Int
    private var finished = false

    init(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
        self.bytes = bytes
        self.index = range.lowerBound
        self.end = range.upperBound
    }

    mutating func next() -> Range<Int>? {
        guard !finished else { return nil }
        var start = index
        while start < end, HTTPByteClass.isWhitespace(bytes[start]) { start &+= 1 }
        var stop = start
        while stop < end, bytes[stop] != HTTPByteClass.comma { stop &+= 1 }
        var trimmed = stop
        while trimmed > start, HTTPByteClass.isWhitespace(bytes[trimmed &- 1]) { trimmed &-= 1 }
        if stop == end { finished = true } else { index = stop &+ 1 }
        return start..<trimmed
    }
}
