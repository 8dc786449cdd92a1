import NIOCore

/// Why an error file cannot be used.
struct ErrorFileProblem: Error {
    /// Completes "error file 'PATH' for status N …".
    var reason: String
}

extension ErrorPages {
    /// A page from the bytes of an error file: its head parsed with the strict parser, rewritten like a forwarded
    /// response, and framed by the length of what follows the head.
    static func page(fromFile bytes: [UInt8]) throws(ErrorFileProblem) -> Page {
        let buffer = ByteBuffer(bytes: normalizingHeadLineEnds(bytes))
        let parsed: HTTPHead?
        do {
            parsed = try HTTPHeadParser.parseResponse(buffer, requestMethod: .get)
        } catch {
            throw ErrorFileProblem(reason: "is not a valid HTTP response (\(error))")
        }
        guard let head = parsed else {
            throw ErrorFileProblem(reason: "has no complete head (an empty line must follow the header fields)")
        }
        let bodyLength = buffer.readableBytes - head.headLength
        let body = buffer.getSlice(at: buffer.readerIndex + head.headLength, length: bodyLength) ?? ByteBuffer()
        var rewritten = ByteBuffer()
        HeadWriter.writeResponse(
            head, from: buffer, edits: HeadEdits(), connection: .none, contentLength: bodyLength, into: &rewritten)
        // The writer ends the head with its empty line; `write` adds the `Connection` field before its own.
        rewritten.moveWriterIndex(to: rewritten.writerIndex - 2)
        return Page(head: rewritten, body: body)
    }

    /// The bytes with every bare LF of the head (up to the first empty line) turned into CRLF: error files are often
    /// written with an editor that saves LF line ends, which HAProxy accepts too. The body is left as it is.
    static func normalizingHeadLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 64)
        var index = 0
        var lineIsEmpty = true
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == HTTPByteClass.lf {
                if result.last != HTTPByteClass.cr { result.append(HTTPByteClass.cr) }
                result.append(byte)
                if lineIsEmpty { break }
                lineIsEmpty = true
            } else {
                result.append(byte)
                if byte != HTTPByteClass.cr { lineIsEmpty = false }
            }
        }
        result.append(contentsOf: bytes[index...])
        return result
    }
}
