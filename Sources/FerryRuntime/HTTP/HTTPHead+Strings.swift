import NIOCore

// String views of a head, for tests, rules and logs: each call allocates, so keep them off the forwarding path.
// `buffer` must be the buffer the head was parsed from, with the same reader index.

extension HTTPHead {
    /// The method as sent, or `nil` for a response.
    public func methodString(in buffer: ByteBuffer) -> String? {
        guard case .request(_, let range, _) = kind else { return nil }
        return Self.string(range, in: buffer)
    }

    /// The request-target as sent, or `nil` for a response.
    public func target(in buffer: ByteBuffer) -> String? {
        guard case .request(_, _, let range) = kind else { return nil }
        return Self.string(range, in: buffer)
    }

    /// The reason phrase as sent (possibly empty), or `nil` for a request.
    public func reason(in buffer: ByteBuffer) -> String? {
        guard case .response(_, let range) = kind else { return nil }
        return Self.string(range, in: buffer)
    }

    /// The values of every field with this name (ASCII case-insensitive), in order.
    public func values(of name: String, in buffer: ByteBuffer) -> [String] {
        let lowercasedName = name.lowercased()
        return fields.filter { $0.name(in: buffer).lowercased() == lowercasedName }.map { $0.value(in: buffer) }
    }

    static func string(_ range: Range<Int>, in buffer: ByteBuffer) -> String {
        buffer.getString(at: buffer.readerIndex + range.lowerBound, length: range.count) ?? ""
    }
}

extension HTTPHead.Field {
    /// The name as sent.
    public func name(in buffer: ByteBuffer) -> String {
        HTTPHead.string(nameRange, in: buffer)
    }

    /// The value without surrounding whitespace; bytes that are not UTF-8 are replaced.
    public func value(in buffer: ByteBuffer) -> String {
        HTTPHead.string(valueRange, in: buffer)
    }
}
