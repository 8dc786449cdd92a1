import FerryModel
import NIOCore
import Testing

@testable import FerryRuntime

/// The per-proxy bundle and `monitor-uri`, from configuration text, run the way the HTTP session runs them.
@Suite struct HTTPRulesProxyTests {
    @Test func monitorURIMatchesPathAndQuery() throws {
        let frontend = try RulesFixture.frontend("monitor-uri /health")
        let monitor = try #require(MonitorURI(frontend.monitorURI.value))
        func matches(_ target: String) throws -> Bool {
            let parsed = try ParsedMessage.request(message("GET \(target) HTTP/1.1", "Host: h"))
            return monitor.matches(parsed.head, in: parsed.buffer)
        }
        #expect(try matches("/health"))
        #expect(try matches("http://h/health"))
        #expect(try !matches("/health?full=1"))
        #expect(try !matches("/healthz"))
        #expect(try !matches("/"))
        #expect(MonitorURI(nil) == nil)
    }

    @Test func monitorURIWithoutSlashComparesTheWholeTarget() throws {
        let monitor = try #require(MonitorURI("http://h/ping"))
        let absolute = try ParsedMessage.request(message("GET http://h/ping HTTP/1.1", "Host: h"))
        let origin = try ParsedMessage.request(message("GET /ping HTTP/1.1", "Host: h"))
        #expect(monitor.matches(absolute.head, in: absolute.buffer))
        #expect(!monitor.matches(origin.head, in: origin.buffer))
    }

    /// One request through the whole per-request sequence: rules, forwardfor, fast-path check, head writing.
    @Test func requestThroughTheSessionSequence() throws {
        let frontend = try RulesFixture.frontend("""
            option forwardfor
            http-request set-header X-Forwarded-Proto http
            http-request del-header Cookie if { path_beg /static }
            http-request deny if { path_beg /admin } !{ src 10.0.0.0/8 }
            """)
        let rules = ProxyHTTPRules(frontend.common, readFile: { _ in nil })
        let client = try SocketAddress(ipAddress: "192.0.2.7", port: 50000)
        let forwardedFor = try #require(ProxyHTTPRules.forwardedFor(frontend: rules, backend: nil))
        let clientValue = try #require(forwardedFor.value(for: client))

        func forward(_ text: String) throws -> (RuleVerdict, String) {
            let parsed = try ParsedMessage.request(text)
            let samples = HTTPRequestSamples(
                head: parsed.head, buffer: parsed.buffer, sourceAddress: client, destinationPort: 8080)
            var edits = HeadEdits()
            let verdict = rules.requestRules.evaluate(samples, into: &edits)
            guard verdict == .continue else { return (verdict, "") }
            forwardedFor.apply(value: clientValue, head: parsed.head, buffer: parsed.buffer, to: &edits)
            let connection = ConnectionHeader.toward(peerVersion: .http1_1, keepAlive: true)
            guard HeadWriter.needsRewrite(parsed.head, edits: edits, connection: connection) else {
                return (verdict, String(decoding: parsed.buffer.readableBytesView, as: UTF8.self))
            }
            var output = ByteBuffer()
            HeadWriter.writeRequest(parsed.head, from: parsed.buffer, edits: edits, connection: connection, into: &output)
            return (verdict, output.text)
        }

        let (passed, head) = try forward(message(
            "GET /static/app.js HTTP/1.1", "Host: h", "Cookie: s=1", "Connection: keep-alive"))
        #expect(passed == .continue)
        #expect(head == message(
            "GET /static/app.js HTTP/1.1", "Host: h", "X-Forwarded-Proto: http", "X-Forwarded-For: 192.0.2.7"))

        let (denied, _) = try forward(message("GET /admin HTTP/1.1", "Host: h"))
        #expect(denied == .respond(.page(status: 403)))
        let response = ProxyHTTPRules.errorPages(frontend: rules, backend: nil)
            .response(.page(status: 403), connection: .close)
        #expect(response.text.hasPrefix("HTTP/1.1 403 Forbidden\r\n"))
    }

    @Test func backendSettingsWinOverTheFrontends() throws {
        let page = "HTTP/1.1 503 Service Unavailable\r\n\r\nbackend page"
        let frontend = ProxyHTTPRules(try RulesFixture.frontend("option forwardfor").common, readFile: { _ in nil })
        let backend = ProxyHTTPRules(
            ProxyCommon(
                name: "app", kind: .backend, origin: ConfigLocation(file: "t", line: 1, column: 1, endColumn: 2),
                forwardFor: .builtIn(ForwardFor(header: "X-Client")),
                errorFiles: [Sourced(ErrorFile(status: 503, path: "503.http"), .builtIn)]),
            readFile: { _ in Array(page.utf8) })
        #expect(ProxyHTTPRules.forwardedFor(frontend: frontend, backend: backend)?.headerName == "X-Client")
        #expect(ProxyHTTPRules.forwardedFor(frontend: frontend, backend: nil)?.headerName == "X-Forwarded-For")
        #expect(ProxyHTTPRules.errorPages(frontend: frontend, backend: backend)
            .response(.page(status: 503), connection: .none).text.hasSuffix("backend page"))
        #expect(ProxyHTTPRules.errorPages(frontend: frontend, backend: nil)
            .response(.page(status: 503), connection: .none).text.contains("No server is available"))
    }
}
