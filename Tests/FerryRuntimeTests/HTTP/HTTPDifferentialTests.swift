#if canImport(NIOHTTP1) && canImport(NIOEmbedded)
import FerryRuntime
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

/// Ferry's request parser against NIOHTTP1's (llhttp, strict mode) on the same bytes: the accept/reject verdicts
/// must agree, except where Ferry is deliberately stricter or laxer (listed with the reason).
///
/// Compiled only when the test target depends on NIOHTTP1 and NIOEmbedded.
@Suite struct HTTPHeadDifferentialTests {
    /// Cases where the verdicts differ on purpose. The value says why; every entry must still differ, so the list
    /// cannot go stale silently.
    static let knownDifferences: [String: String] = [
        // Ferry stricter.
        "double space after method": "RFC 9112 §3 allows one SP; llhttp skips repeated spaces",
        "double space before version": "RFC 9112 §3 allows one SP; llhttp skips repeated spaces",
        "fragment in target": "a request-target never has a fragment (RFC 9112 §3.2), HAProxy refuses '#' too",
        "asterisk with GET": "'*' is for OPTIONS only (RFC 9112 §3.2.4); llhttp does not check target forms",
        "CONNECT with a path": "CONNECT takes authority-form only (RFC 9112 §3.2.3)",
        "bare LF before the request line": "only CRLF ends a line, even an empty one; llhttp skips a lone LF",
        "two Host fields": "RFC 9112 §3.2 requires a 400; llhttp does not look at Host",
        "TE gzip, chunked": "Ferry never decodes codings, so a request may only be chunked alone",
        "empty TE": "an empty Transfer-Encoding frames nothing; llhttp ignores it",
        "TE in HTTP/1.0": "RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means faulty framing",
        "endless chunk extension": "Ferry bounds chunk lines (4 KiB); llhttp does not",
        "chunk extension without value": "the RFC 9112 §7.1.1 grammar needs a token or quoted-string after '='",
        // Ferry laxer.
        "equal CL fields": "RFC 9110 §8.6 lets a recipient merge identical values (HAProxy does); llhttp refuses",
        "equal CL list": "RFC 9110 §8.6 lets a recipient merge identical values (HAProxy does); llhttp refuses",
        "whitespace around chunk extensions": "BWS around ';' and '=' is in the RFC 9112 §7.1.1 grammar",
        "lowercase method": "any token is a method (RFC 9110 §9.1); llhttp knows a fixed list",
        "extension method": "any token is a method (RFC 9110 §9.1); llhttp knows a fixed list",
    ]

    static let corpus = HTTPHeadCorpus.malformedRequests + HTTPHeadCorpus.validRequests

    /// Whether NIO's request decoder, fed the whole stream at once, reports an error.
    static func nioRejects(_ bytes: [UInt8]) -> Bool {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderListSize = HTTPHeadLimits().maxHeadSize
        limits.maxHeaderFieldSize = HTTPHeadLimits().maxHeadSize
        limits.maxHeaderFieldCount = HTTPHeadLimits().maxHeaderCount
        let decoder = HTTPRequestDecoder(
            leftOverBytesStrategy: .forwardBytes, informationalResponseStrategy: .drop, limitConfiguration: limits)
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(decoder))
        defer { _ = try? channel.finish() }
        do {
            try channel.writeInbound(ByteBuffer(bytes: bytes))
            while try channel.readInbound(as: HTTPServerRequestPart.self) != nil {}
            try channel.throwIfErrorCaught()
            return false
        } catch {
            return true
        }
    }

    static func ferryRejects(_ bytes: [UInt8]) -> Bool {
        HTTPStream.requestError(bytes) != nil
    }

    @Test(arguments: corpus)
    func verdictsAgree(_ testCase: HTTPCorpusCase) {
        let ferry = Self.ferryRejects(testCase.bytes)
        let nio = Self.nioRejects(testCase.bytes)
        if let reason = Self.knownDifferences[testCase.name] {
            #expect(ferry != nio, "listed as a known difference (\(reason)) but both agree now")
        } else {
            #expect(ferry == nio, "Ferry \(ferry ? "rejects" : "accepts"), NIOHTTP1 \(nio ? "rejects" : "accepts")")
        }
    }

    @Test func knownDifferencesNameCorpusCases() {
        let names = Set(Self.corpus.map(\.name))
        for name in Self.knownDifferences.keys { #expect(names.contains(name), "\(name)") }
    }
}
#endif
