import NIOCore

extension HeadWriter {
    /// Copies the received field lines that survive: hop-by-hop fields, fields named by `Connection` and fields the
    /// edits remove are skipped; framing fields are copied, replaced by their canonical form, or dropped
    /// (`dropFraming`, when the caller writes its own). Consecutive surviving lines are copied at once.
    static func writeFields(
        _ head: HTTPHead, _ bytes: UnsafeRawBufferPointer, edits: HeadEdits, connection: ConnectionHeader,
        dropFraming: Bool = false, into output: inout ByteBuffer
    ) {
        let named = head.info.connection.contains(.other) ? connectionOptionNames(head, bytes) : []
        let canonicalFraming = !dropFraming && head.info.framingNeedsRewrite
        var framingWritten = false
        var runStart = 0
        var runEnd = 0
        for field in head.fields {
            let keep: Bool
            switch field.knownName {
            case .connection, .keepAlive, .proxyConnection, .te, .trailer:
                keep = false
            case .upgrade:
                keep = connection == .upgrade
            case .contentLength, .transferEncoding:
                keep = !dropFraming && !canonicalFraming
                if canonicalFraming && !framingWritten {
                    output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[runStart..<runEnd]))
                    runStart = runEnd
                    writeCanonicalFraming(head, bytes, into: &output)
                    framingWritten = true
                }
            case .host:
                keep = !edits.removes(bytes, nameAt: field.nameRange)
            case .other, .expect:
                keep = !named.contains { HTTPRuleBytes.equalsIgnoringCase(bytes, field.nameRange, bytes, $0) }
                    && !edits.removes(bytes, nameAt: field.nameRange)
            }
            guard keep else { continue }
            var lineEnd = field.valueRange.upperBound
            while bytes[lineEnd] != HTTPByteClass.cr { lineEnd &+= 1 }
            lineEnd &+= 2
            if field.nameRange.lowerBound != runEnd {
                output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[runStart..<runEnd]))
                runStart = field.nameRange.lowerBound
            }
            runEnd = lineEnd
        }
        output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[runStart..<runEnd]))
    }

    /// The names listed in `Connection` fields other than `close`, `keep-alive` and `upgrade` (those three are
    /// handled by their own rules). Only fields of unknown names are compared with them, so `Host` and the framing
    /// fields are never dropped this way.
    private static func connectionOptionNames(_ head: HTTPHead, _ bytes: UnsafeRawBufferPointer) -> [Range<Int>] {
        var names: [Range<Int>] = []
        for field in head.fields where field.knownName == .connection {
            var elements = HTTPListElements(bytes, field.valueRange)
            while let element = elements.next() {
                guard !element.isEmpty,
                      !HTTPByteClass.equalsLowercase(bytes, element, "close"),
                      !HTTPByteClass.equalsLowercase(bytes, element, "keep-alive"),
                      !HTTPByteClass.equalsLowercase(bytes, element, "upgrade")
                else { continue }
                names.append(element)
            }
        }
        return names
    }

    /// One `Transfer-Encoding` field with every coding received, lowercased, or one `Content-Length` with the
    /// value (the parser checked that all values agree).
    private static func writeCanonicalFraming(
        _ head: HTTPHead, _ bytes: UnsafeRawBufferPointer, into output: inout ByteBuffer
    ) {
        var wroteCoding = false
        for field in head.fields where field.knownName == .transferEncoding {
            var elements = HTTPListElements(bytes, field.valueRange)
            while let element = elements.next() {
                if element.isEmpty { continue }
                output.writeStaticString(wroteCoding ? ", " : "Transfer-Encoding: ")
                for index in element { output.writeInteger(HTTPRuleBytes.lowercased(bytes[index])) }
                wroteCoding = true
            }
        }
        if wroteCoding {
            output.writeStaticString("\r\n")
            return
        }
        guard let field = head.fields.first(where: { $0.knownName == .contentLength }) else { return }
        var elements = HTTPListElements(bytes, field.valueRange)
        guard let element = elements.next() else { return }
        var value: UInt64 = 0
        for index in element { value = value &* 10 &+ UInt64(bytes[index] &- 0x30) }
        output.writeStaticString("Content-Length: ")
        output.writeString(String(value))
        output.writeStaticString("\r\n")
    }
}

extension HTTPRuleBytes {
    /// Whether two byte ranges are equal ignoring ASCII case.
    static func equalsIgnoringCase(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ other: UnsafeRawBufferPointer, _ otherRange: Range<Int>
    ) -> Bool {
        guard range.count == otherRange.count else { return false }
        var offset = 0
        while offset < range.count {
            if lowercased(bytes[range.lowerBound &+ offset]) != lowercased(other[otherRange.lowerBound &+ offset]) {
                return false
            }
            offset &+= 1
        }
        return true
    }
}
