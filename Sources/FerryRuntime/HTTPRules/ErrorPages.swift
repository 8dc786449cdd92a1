import FerryModel
import NIOCore

/// The responses Ferry writes itself: error pages (its own or a proxy's `errorfile`s), `deny`, `monitor-uri`,
/// `http-request return` and redirects.
///
/// Pages are rendered once at start-up (files are read then, never on an event loop) and copied per use; `return`
/// and redirect responses are written per request. Every response is HTTP/1.1 and framed with `Content-Length`;
/// the caller chooses the `Connection` field (`close` when it will close the connection, which HAProxy does after
/// every error page — see `HTTPResponseSpec.closesConnection`).
///
/// An `errorfile` holds a whole raw HTTP response, as in HAProxy; Ferry forwards its status line (as HTTP/1.1),
/// its fields and its body, but, as for any forwarded head, drops its hop-by-hop fields and writes its own
/// `Connection`, and frames the body — the rest of the file after the head — with a `Content-Length` of its own.
/// Files whose lines end with a bare LF are accepted. A file that is unreadable or not an HTTP response leaves
/// Ferry's page in place and is listed in `problems`.
struct ErrorPages: Sendable {
    /// A page ready to copy: its head up to (not including) the `Connection` field and the empty line, and its
    /// body.
    struct Page: Sendable {
        var head: ByteBuffer
        var body: ByteBuffer
    }

    private let pages: [Int: Page]
    /// The statuses whose page comes from an `errorfile`.
    private let fromFiles: Set<Int>
    /// Why error files could not be used, for the start-up log; Ferry's own page is sent for their statuses.
    let problems: [String]

    /// A backend's pages over its frontend's, per status as in HAProxy: the backend's `errorfile`, else the
    /// frontend's, else Ferry's page. Build it once per frontend and backend, not per request.
    init(preferring primary: ErrorPages, over fallback: ErrorPages) {
        var pages = fallback.pages
        for status in primary.fromFiles { pages[status] = primary.pages[status] }
        self.pages = pages
        self.fromFiles = primary.fromFiles.union(fallback.fromFiles)
        self.problems = primary.problems
    }

    /// - Parameter readFile: reads an error file's bytes, `nil` when it cannot.
    init(errorFiles: [Sourced<ErrorFile>] = [], readFile: (String) -> [UInt8]?) {
        var pages: [Int: Page] = [:]
        for status in Self.builtInMessages.keys {
            pages[status] = Self.builtInPage(status: status)
        }
        var problems: [String] = []
        var fromFiles: Set<Int> = []
        for errorFile in errorFiles {
            let file = errorFile.value
            guard let bytes = readFile(file.path) else {
                problems.append("cannot read error file '\(file.path)' for status \(file.status)")
                continue
            }
            do {
                pages[file.status] = try Self.page(fromFile: bytes)
                fromFiles.insert(file.status)
            } catch {
                problems.append("error file '\(file.path)' for status \(file.status) \(error.reason)")
            }
        }
        self.pages = pages
        self.fromFiles = fromFiles
        self.problems = problems
    }

    /// Appends the complete response to `output`.
    ///
    /// - Parameters:
    ///   - connection: the `Connection` field for the client (`ConnectionHeader.toward(peerVersion:keepAlive:)`).
    ///   - headOnly: the request was `HEAD`: the head says how long the body is, and no body follows.
    func write(
        _ response: HTTPResponseSpec, connection: ConnectionHeader, headOnly: Bool = false,
        into output: inout ByteBuffer
    ) {
        switch response {
        case .page(let status):
            let page = pages[status] ?? Self.builtInPage(status: status)
            output.writeImmutableBuffer(page.head)
            Self.writeEnd(connection: connection, into: &output)
            if !headOnly { output.writeImmutableBuffer(page.body) }
        case .custom(let custom):
            Self.writeStatusLine(custom.status, into: &output)
            if let contentType = custom.contentType {
                output.writeStaticString("Content-Type: ")
                HeadWriter.writeValue(contentType, into: &output)
                output.writeStaticString("\r\n")
            }
            let body = custom.body ?? ""
            Self.writeContentLength(body.utf8.count, into: &output)
            Self.writeEnd(connection: connection, into: &output)
            if !headOnly { output.writeString(body) }
        case .redirect(let status, let location):
            Self.writeStatusLine(status, into: &output)
            output.writeStaticString("Location: ")
            HeadWriter.writeValue(location, into: &output)
            output.writeStaticString("\r\n")
            Self.writeContentLength(0, into: &output)
            // A temporary redirect must not be cached; a permanent one (301, 308) is meant to be.
            if status != 301 && status != 308 { output.writeStaticString("Cache-Control: no-cache\r\n") }
            Self.writeEnd(connection: connection, into: &output)
        }
    }

    /// The complete response in a new buffer (start-up, tests and rare paths; the data path reuses a buffer with
    /// `write`).
    func response(_ response: HTTPResponseSpec, connection: ConnectionHeader, headOnly: Bool = false) -> ByteBuffer {
        var output = ByteBuffer()
        write(response, connection: connection, headOnly: headOnly, into: &output)
        return output
    }

    private static func builtInPage(status: Int) -> Page {
        let body = ByteBuffer(string: builtInBody(status: status))
        var head = ByteBuffer()
        writeStatusLine(status, into: &head)
        writeContentLength(body.readableBytes, into: &head)
        head.writeStaticString("Cache-Control: no-cache\r\nContent-Type: text/html\r\n")
        return Page(head: head, body: body)
    }

    private static func writeStatusLine(_ status: Int, into output: inout ByteBuffer) {
        output.writeStaticString("HTTP/1.1 ")
        HeadWriter.writeStatus(status, into: &output)
        output.writeInteger(HTTPByteClass.space)
        output.writeString(HTTPReasonPhrase.phrase(for: status))
        output.writeStaticString("\r\n")
    }

    private static func writeContentLength(_ length: Int, into output: inout ByteBuffer) {
        output.writeStaticString("Content-Length: ")
        output.writeString(String(length))
        output.writeStaticString("\r\n")
    }

    private static func writeEnd(connection: ConnectionHeader, into output: inout ByteBuffer) {
        if let value = connection.value {
            output.writeStaticString("Connection: ")
            output.writeStaticString(value)
            output.writeStaticString("\r\n")
        }
        output.writeStaticString("\r\n")
    }
}
