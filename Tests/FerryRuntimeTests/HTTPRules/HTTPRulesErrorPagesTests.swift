import FerryModel
import NIOCore
import Testing

@testable import FerryRuntime

@Suite struct HTTPRulesErrorPagesTests {
    let pages = ErrorPages(readFile: { _ in nil })

    @Test func builtInServiceUnavailable() {
        let body = "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n"
            + "</body></html>\n"
        #expect(pages.response(.page(status: 503), connection: .close).text == message(
            "HTTP/1.1 503 Service Unavailable", "Content-Length: \(body.utf8.count)", "Cache-Control: no-cache",
            "Content-Type: text/html", "Connection: close") + body)
    }

    @Test(arguments: [400, 403, 408, 500, 502, 503, 504])
    func builtInErrorsAreCompleteResponses(status: Int) throws {
        let bytes = pages.response(.page(status: status), connection: .close)
        let head = try #require(try HTTPHeadParser.parseResponse(bytes, requestMethod: .get))
        #expect(head.status == status)
        #expect(head.info.framing == .contentLength(UInt64(bytes.readableBytes - head.headLength)))
        #expect(head.info.keepAlive == false)
        let parsed = ParsedMessage(head: head, buffer: bytes)
        #expect(parsed.head.values(of: "Cache-Control", in: bytes) == ["no-cache"])
        #expect(parsed.head.values(of: "Content-Type", in: bytes) == ["text/html"])
        #expect(bytes.text.contains("<h1>\(status) \(HTTPReasonPhrase.phrase(for: status))</h1>"))
    }

    @Test func errorPagesCloseByDefaultAndOthersDoNot() {
        #expect(HTTPResponseSpec.page(status: 403).closesConnection)
        #expect(HTTPResponseSpec.page(status: 503).closesConnection)
        #expect(!HTTPResponseSpec.page(status: 200).closesConnection)
        #expect(!HTTPResponseSpec.redirect(status: 302, location: "/").closesConnection)
        #expect(!HTTPResponseSpec.custom(HTTPReturn(status: 503)).closesConnection)
    }

    @Test func monitorPageKeepsTheConnectionWhenAsked() {
        let body = "<html><body><h1>200 OK</h1>\nThe service is up.\n</body></html>\n"
        #expect(pages.response(.page(status: 200), connection: .none).text == message(
            "HTTP/1.1 200 OK", "Content-Length: \(body.utf8.count)", "Cache-Control: no-cache",
            "Content-Type: text/html") + body)
        #expect(pages.response(.page(status: 200), connection: .keepAlive).text.contains("Connection: keep-alive\r\n"))
    }

    @Test func headRequestsGetNoBody() {
        let full = pages.response(.page(status: 403), connection: .close)
        let head = pages.response(.page(status: 403), connection: .close, headOnly: true)
        #expect(full.text.hasPrefix(head.text))
        #expect(head.text.hasSuffix("\r\n\r\n"))
        #expect(head.text.contains("Content-Length: \(full.readableBytes - head.readableBytes)\r\n"))
    }

    @Test func returnResponse() {
        let custom = HTTPResponseSpec.custom(HTTPReturn(status: 503, contentType: "text/plain", body: "down\n"))
        #expect(pages.response(custom, connection: .none).text == message(
            "HTTP/1.1 503 Service Unavailable", "Content-Type: text/plain", "Content-Length: 5") + "down\n")
        #expect(pages.response(.custom(HTTPReturn(status: 204)), connection: .close).text == message(
            "HTTP/1.1 204 No Content", "Content-Length: 0", "Connection: close"))
    }

    @Test func redirectResponses() {
        #expect(pages.response(.redirect(status: 302, location: "https://example.com/a?b"), connection: .none).text
            == message("HTTP/1.1 302 Found", "Location: https://example.com/a?b", "Content-Length: 0",
                       "Cache-Control: no-cache"))
        #expect(pages.response(.redirect(status: 301, location: "/x"), connection: .close).text
            == message("HTTP/1.1 301 Moved Permanently", "Location: /x", "Content-Length: 0", "Connection: close"))
        #expect(pages.response(.redirect(status: 308, location: "/x"), connection: .none).text
            == message("HTTP/1.1 308 Permanent Redirect", "Location: /x", "Content-Length: 0"))
    }

    @Test func unknownStatusGetsAGenericPage() {
        #expect(pages.response(.page(status: 418), connection: .close).text
            .contains("<h1>418 Client Error</h1>\nClient Error.\n"))
    }

    // MARK: - errorfile

    static let maintenance = "HTTP/1.0 503 Service Unavailable\r\nCache-Control: no-cache\r\nConnection: close\r\n"
        + "Content-Type: text/html\r\n\r\n<html><body>Down for maintenance</body></html>\n"

    @Test func errorFileReplacesTheBuiltInPage() throws {
        let frontend = try RulesFixture.frontend(
            "errorfile 503 /etc/ferry/503.http", files: ["/etc/ferry/503.http": Self.maintenance])
        let pages = ErrorPages(errorFiles: frontend.errorFiles) { path in
            path == "/etc/ferry/503.http" ? Array(Self.maintenance.utf8) : nil
        }
        #expect(pages.problems.isEmpty)
        let body = "<html><body>Down for maintenance</body></html>\n"
        #expect(pages.response(.page(status: 503), connection: .none).text == message(
            "HTTP/1.1 503 Service Unavailable", "Cache-Control: no-cache", "Content-Type: text/html",
            "Content-Length: \(body.utf8.count)") + body)
        #expect(pages.response(.page(status: 503), connection: .close).text.contains(
            "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"))
        // Other statuses keep Ferry's pages.
        #expect(pages.response(.page(status: 502), connection: .close).text.contains("<h1>502 Bad Gateway</h1>"))
    }

    @Test func errorFileWithBareLineFeedsAndItsOwnLength() throws {
        let file = "HTTP/1.1 403 Go Away\nContent-Length: 999\nX-Reason: policy\n\nno\nentry\n"
        let pages = ErrorPages(errorFiles: [Sourced(ErrorFile(status: 403, path: "403.http"), .builtIn)]) { _ in
            Array(file.utf8)
        }
        #expect(pages.problems.isEmpty)
        #expect(pages.response(.page(status: 403), connection: .close).text
            == message("HTTP/1.1 403 Go Away", "X-Reason: policy", "Content-Length: 9", "Connection: close")
            + "no\nentry\n")
    }

    @Test func errorFileServesDenyAndMonitorStatuses() throws {
        let file = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nalive"
        let pages = ErrorPages(errorFiles: [Sourced(ErrorFile(status: 200, path: "200.http"), .builtIn)]) { _ in
            Array(file.utf8)
        }
        #expect(pages.response(.page(status: 200), connection: .none).text
            == message("HTTP/1.1 200 OK", "Content-Type: text/plain", "Content-Length: 5") + "alive")
    }

    @Test func unusableErrorFilesAreReportedAndIgnored() {
        let files = [
            Sourced(ErrorFile(status: 503, path: "missing.http"), .builtIn),
            Sourced(ErrorFile(status: 502, path: "garbage.http"), .builtIn),
            Sourced(ErrorFile(status: 504, path: "partial.http"), .builtIn),
        ]
        let pages = ErrorPages(errorFiles: files) { path in
            switch path {
            case "garbage.http": Array("<html>not a response</html>\r\n\r\n".utf8)
            case "partial.http": Array("HTTP/1.1 504 Gateway Timeout\r\nX-A: 1".utf8)
            default: nil
            }
        }
        #expect(pages.problems.count == 3)
        #expect(pages.problems[0].contains("cannot read error file 'missing.http'"))
        #expect(pages.problems[1].contains("'garbage.http'") && pages.problems[1].contains("not a valid HTTP response"))
        #expect(pages.problems[2].contains("'partial.http'") && pages.problems[2].contains("no complete head"))
        #expect(pages.response(.page(status: 502), connection: .close).text.contains("<h1>502 Bad Gateway</h1>"))
        #expect(pages.response(.page(status: 504), connection: .close).text.contains("<h1>504 Gateway Timeout</h1>"))
    }
}
