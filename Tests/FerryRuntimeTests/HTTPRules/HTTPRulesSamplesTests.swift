import FerryModel
import NIOCore
import Testing

@testable import FerryRuntime

@Suite struct HTTPRulesSamplesTests {
    @Test func pathAndQueryOfOriginForm() throws {
        let samples = try requestSamples("GET /api/v1/users?id=7&sort=asc HTTP/1.1", "Host: example.com")
        #expect(samples.values(of: .path) == ["/api/v1/users"])
        #expect(samples.values(of: .query) == ["id=7&sort=asc"])
        #expect(samples.pathAndQuery == "/api/v1/users?id=7&sort=asc")
    }

    @Test func noQueryIsNilButAnEmptyQueryExists() throws {
        #expect(try requestSamples("GET /a HTTP/1.1", "Host: x").values(of: .query) == nil)
        #expect(try requestSamples("GET /a? HTTP/1.1", "Host: x").values(of: .query) == [""])
    }

    @Test func pathOfAbsoluteForm() throws {
        let samples = try requestSamples("GET http://example.com:8080/p/q?x=1 HTTP/1.1", "Host: example.com:8080")
        #expect(samples.values(of: .path) == ["/p/q"])
        #expect(samples.values(of: .query) == ["x=1"])
        #expect(samples.pathAndQuery == "/p/q?x=1")
    }

    @Test func absoluteFormWithoutPathHasNoPath() throws {
        let samples = try requestSamples("GET http://example.com?x=1 HTTP/1.1", "Host: example.com")
        #expect(samples.values(of: .path) == nil)
        #expect(samples.values(of: .query) == ["x=1"])
    }

    @Test func asteriskAndAuthorityFormsHaveNoPath() throws {
        #expect(try requestSamples("OPTIONS * HTTP/1.1", "Host: x").values(of: .path) == nil)
        let connect = try requestSamples("CONNECT example.com:443 HTTP/1.1", "Host: example.com:443")
        #expect(connect.values(of: .path) == nil)
        #expect(connect.values(of: .method) == ["CONNECT"])
    }

    @Test func methodAsSent() throws {
        #expect(try requestSamples("PURGE /x HTTP/1.1", "Host: x").values(of: .method) == ["PURGE"])
        #expect(try requestSamples("GET /x HTTP/1.1", "Host: x").values(of: .method) == ["GET"])
    }

    @Test func headerValuesAreSplitOnCommasAndTrimmed() throws {
        let samples = try requestSamples(
            "GET / HTTP/1.1", "Host: x", "Accept: text/html ,  application/json", "accept: */*")
        #expect(samples.values(of: .header("accept")) == ["text/html", "application/json", "*/*"])
    }

    @Test func headerNamesCompareWithoutCase() throws {
        let samples = try requestSamples("GET / HTTP/1.1", "HOST: Example.COM", "X-Api-KEY: k1")
        #expect(samples.values(of: .header("host")) == ["Example.COM"])
        #expect(samples.values(of: .header("x-api-key")) == ["k1"])
        #expect(samples.headerValues("X-API-Key") == ["k1"])
    }

    @Test func commasInsideQuotesDoNotSplit() throws {
        let samples = try requestSamples(
            "GET / HTTP/1.1", "Host: x", #"X-List: "a, b", c, "d \", e""#)
        #expect(samples.values(of: .header("x-list")) == [#""a, b""#, "c", #""d \", e""#])
    }

    @Test func missingHeaderIsNilAndEmptyHeaderIsOneEmptyValue() throws {
        let samples = try requestSamples("GET / HTTP/1.1", "Host: x", "X-Empty:")
        #expect(samples.values(of: .header("x-missing")) == nil)
        #expect(samples.values(of: .header("x-empty")) == [""])
    }

    @Test func urlParameterTakesTheFirstOccurrence() throws {
        let samples = try requestSamples("GET /s?q=swift&lang=en&q=nio&flag&empty= HTTP/1.1", "Host: x")
        #expect(samples.values(of: .urlParameter("q")) == ["swift"])
        #expect(samples.values(of: .urlParameter("lang")) == ["en"])
        #expect(samples.values(of: .urlParameter("empty")) == [""])
        #expect(samples.values(of: .urlParameter("flag")) == nil)
        #expect(samples.values(of: .urlParameter("Q")) == nil)
        #expect(samples.values(of: .urlParameter("missing")) == nil)
        #expect(try requestSamples("GET /s HTTP/1.1", "Host: x").values(of: .urlParameter("q")) == nil)
    }

    @Test func connectionSamplesComeFromTheSession() throws {
        let samples = try requestSamples("GET / HTTP/1.1", "Host: x", source: "2001:db8::1", port: 8443)
        #expect(samples.sourceAddress?.ipAddress == "2001:db8::1")
        #expect(samples.destinationPort == 8443)
        #expect(samples.values(of: .source) == nil)
    }

    @Test func leadingEmptyLinesDoNotShiftRanges() throws {
        let parsed = try ParsedMessage.request("\r\n\r\nGET /after?x=1 HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n\r\n")
        let samples = try parsed.samples()
        #expect(samples.values(of: .path) == ["/after"])
        #expect(samples.values(of: .header("x-a")) == ["1"])
    }

    @Test func nonUTF8ValueBytesAreReplacedNotMisaligned() throws {
        var buffer = ByteBuffer(string: "GET /p HTTP/1.1\r\nHost: h\r\nX-Raw: a")
        buffer.writeBytes([0xFF, 0xFE])
        buffer.writeString("b\r\nX-Next: n\r\n\r\n")
        let head = try #require(try HTTPHeadParser.parseRequest(buffer))
        let samples = HTTPRequestSamples(head: head, buffer: buffer, sourceAddress: nil, destinationPort: nil)
        #expect(samples.values(of: .header("x-next")) == ["n"])
        #expect(samples.values(of: .header("x-raw"))?.first?.hasPrefix("a") == true)
    }

    @Test func editedSamplesSeeEarlierEdits() throws {
        let samples = try requestSamples("GET /old?k=v HTTP/1.1", "Host: x", "X-A: 1", "X-B: 2")
        var edits = HeadEdits()
        edits.setPath("/new")
        edits.deleteHeader("X-A")
        edits.addHeader("X-B", "3, 4")
        let current = EditedRequestSamples(request: samples, edits: edits)
        #expect(current.values(of: .path) == ["/new"])
        #expect(current.pathAndQuery == "/new?k=v")
        #expect(current.values(of: .header("x-a")) == nil)
        #expect(current.values(of: .header("x-b")) == ["2", "3", "4"])
        #expect(current.values(of: .query) == ["k=v"])
    }
}
