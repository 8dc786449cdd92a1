/// The chunked transfer coding (RFC 9112 §7.1), read one byte at a time except for chunk data, which is skipped in
/// one step.
///
/// Strictness: the size is `1*HEXDIG` checked for 64-bit overflow; extensions must follow the RFC grammar exactly
/// (`*( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )`), so that no two readers can end the line at
/// different places, and the whole line is bounded; chunk data must be followed by exactly CRLF; trailer fields
/// follow the header field rules, with their own bounds. Extensions and trailers are forwarded, never interpreted.
struct HTTPChunkedParser: Sendable {
    private enum State: Sendable {
        /// Reading the hex digits of a chunk size.
        case size(digits: Int)
        /// Whitespace after the size, which must lead to `;`.
        case sizeWhitespace
        /// After a `;`, before an extension name.
        case extensionStart
        case extensionName
        /// Whitespace after an extension name, before `=`.
        case extensionAfterName
        /// After `=`, before the value.
        case extensionValueStart
        case extensionToken
        case extensionQuoted
        case extensionQuotedEscape
        /// Right after the closing quote of a value.
        case extensionQuotedEnd
        /// Whitespace after a value, which must lead to `;`.
        case extensionAfterValue
        /// The CR of the size line was seen.
        case sizeLF
        case data(remaining: UInt64)
        case dataCR
        case dataLF
        /// At the start of a trailer line, or of the empty line ending the body.
        case trailerLineStart
        case trailerName
        case trailerValue
        case trailerLF
        /// The CR of the final empty line was seen.
        case finalLF
        case done
    }

    private var state = State.size(digits: 0)
    /// The size of the chunk whose size line is being read.
    private var chunkSize: UInt64 = 0
    private var lineLength = 0
    private var trailerBytes = 0
    private var trailerCount = 0
    private(set) var payloadBytes: UInt64 = 0

    var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// Returns how many of `bytes` belong to the body; fewer than all only when the body ended.
    mutating func consume(_ bytes: UnsafeRawBufferPointer, limits: HTTPBodyLimits) throws(HTTPParseError) -> Int {
        var index = 0
        while index < bytes.count {
            switch state {
            case .done:
                return index
            case .data(let remaining):
                let taken = min(remaining, UInt64(bytes.count &- index))
                index &+= Int(taken)
                payloadBytes &+= taken
                state = taken == remaining ? .dataCR : .data(remaining: remaining &- taken)
            default:
                try step(bytes[index], limits: limits)
                index &+= 1
            }
        }
        return index
    }

    private mutating func step(_ byte: UInt8, limits: HTTPBodyLimits) throws(HTTPParseError) {
        switch state {
        case .sizeLF:
            guard byte == HTTPByteClass.lf else { throw .badChunkSize }
            lineLength = 0
            state = chunkSize == 0 ? .trailerLineStart : .data(remaining: chunkSize)
        case .dataCR:
            guard byte == HTTPByteClass.cr else { throw .missingCRLFAfterChunk }
            state = .dataLF
        case .dataLF:
            guard byte == HTTPByteClass.lf else { throw .missingCRLFAfterChunk }
            chunkSize = 0
            state = .size(digits: 0)
        case .trailerLineStart, .trailerName, .trailerValue, .trailerLF, .finalLF:
            trailerBytes &+= 1
            guard trailerBytes <= limits.maxTrailerSize else { throw .trailersTooLarge }
            try stepTrailer(byte, limits: limits)
        case .data, .done:
            preconditionFailure("data and done are handled by consume")
        default:
            if byte == HTTPByteClass.lf { throw .bareLF }
            lineLength &+= 1
            guard lineLength <= limits.maxChunkLineLength || byte == HTTPByteClass.cr else { throw .chunkLineTooLong }
            switch state {
            case .size(let digits): try stepSize(byte, digits: digits)
            case .sizeWhitespace, .extensionStart, .extensionName, .extensionAfterName: try stepExtensionName(byte)
            default: try stepExtensionValue(byte)
            }
        }
    }

    private mutating func stepSize(_ byte: UInt8, digits: Int) throws(HTTPParseError) {
        if let digit = HTTPByteClass.hexValue(byte) {
            guard chunkSize <= UInt64.max >> 4 else { throw .chunkSizeTooLarge }
            chunkSize = chunkSize << 4 | digit
            state = .size(digits: digits &+ 1)
            return
        }
        guard digits > 0 else { throw .badChunkSize }
        switch byte {
        case HTTPByteClass.cr: state = .sizeLF
        case HTTPByteClass.semicolon: state = .extensionStart
        case HTTPByteClass.space, HTTPByteClass.tab: state = .sizeWhitespace
        default: throw .badChunkSize
        }
    }

    /// One byte of `BWS ";" BWS name [ BWS "=" ]`: from the whitespace after the size to the `=` before a value.
    private mutating func stepExtensionName(_ byte: UInt8) throws(HTTPParseError) {
        let isWhitespace = HTTPByteClass.isWhitespace(byte)
        let isToken = HTTPByteClass.isToken(byte)
        switch state {
        case .sizeWhitespace:
            if byte == HTTPByteClass.semicolon {
                state = .extensionStart
            } else if !isWhitespace {
                throw .badChunkSize
            }
        case .extensionStart:
            if isToken {
                state = .extensionName
            } else if !isWhitespace {
                throw .badChunkExtension
            }
        case .extensionName, .extensionAfterName:
            if byte == 0x3D {
                state = .extensionValueStart
            } else if byte == HTTPByteClass.semicolon {
                state = .extensionStart
            } else if byte == HTTPByteClass.cr, case .extensionName = state {
                state = .sizeLF
            } else if isWhitespace {
                state = .extensionAfterName
            } else if !(isToken && isExtensionName) {
                throw .badChunkExtension
            }
        default:
            preconditionFailure("not before an extension value")
        }
    }

    /// One byte of `BWS ( token / quoted-string ) BWS`, up to the next `;` or the CR.
    private mutating func stepExtensionValue(_ byte: UInt8) throws(HTTPParseError) {
        let isWhitespace = HTTPByteClass.isWhitespace(byte)
        let isToken = HTTPByteClass.isToken(byte)
        switch state {
        case .extensionValueStart:
            if byte == 0x22 {
                state = .extensionQuoted
            } else if isToken {
                state = .extensionToken
            } else if !isWhitespace {
                throw .badChunkExtension
            }
        case .extensionToken:
            if byte == HTTPByteClass.cr {
                state = .sizeLF
            } else if byte == HTTPByteClass.semicolon {
                state = .extensionStart
            } else if isWhitespace {
                state = .extensionAfterValue
            } else if !isToken {
                throw .badChunkExtension
            }
        case .extensionQuoted:
            // qdtext: HTAB, SP, 0x21, 0x23–0x5B, 0x5D–0x7E, obs-text.
            if byte == 0x22 {
                state = .extensionQuotedEnd
            } else if byte == 0x5C {
                state = .extensionQuotedEscape
            } else if !HTTPByteClass.isFieldValue(byte) {
                throw .badChunkExtension
            }
        case .extensionQuotedEscape:
            guard HTTPByteClass.isFieldValue(byte) else { throw .badChunkExtension }
            state = .extensionQuoted
        case .extensionQuotedEnd:
            if byte == HTTPByteClass.cr {
                state = .sizeLF
            } else if byte == HTTPByteClass.semicolon {
                state = .extensionStart
            } else if isWhitespace {
                state = .extensionAfterValue
            } else {
                throw .badChunkExtension
            }
        case .extensionAfterValue:
            if byte == HTTPByteClass.semicolon {
                state = .extensionStart
            } else if !isWhitespace {
                throw .badChunkExtension
            }
        default:
            preconditionFailure("not in an extension value")
        }
    }

    /// Whether the parser is still inside an extension name (not in the whitespace after it).
    private var isExtensionName: Bool {
        if case .extensionName = state { return true }
        return false
    }

    private mutating func stepTrailer(_ byte: UInt8, limits: HTTPBodyLimits) throws(HTTPParseError) {
        switch state {
        case .trailerLineStart:
            if byte == HTTPByteClass.cr {
                state = .finalLF
            } else if HTTPByteClass.isToken(byte) {
                trailerCount &+= 1
                guard trailerCount <= limits.maxTrailerCount else { throw .trailersTooLarge }
                state = .trailerName
            } else {
                throw byte == HTTPByteClass.lf ? .bareLF : HTTPByteClass.isWhitespace(byte) ? .obsFold : .badTrailer
            }
        case .trailerName:
            if byte == HTTPByteClass.colon {
                state = .trailerValue
            } else if !HTTPByteClass.isToken(byte) {
                throw byte == HTTPByteClass.lf ? .bareLF : .badTrailer
            }
        case .trailerValue:
            if byte == HTTPByteClass.cr {
                state = .trailerLF
            } else if !HTTPByteClass.isFieldValue(byte) {
                throw byte == HTTPByteClass.lf ? .bareLF : .badTrailer
            }
        case .trailerLF:
            guard byte == HTTPByteClass.lf else { throw .badTrailer }
            state = .trailerLineStart
        case .finalLF:
            guard byte == HTTPByteClass.lf else { throw .badTrailer }
            state = .done
        default:
            preconditionFailure("not in the trailer section")
        }
    }
}
