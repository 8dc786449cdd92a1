import FerryConfig
import FerryDiagnostics
import FerryModel
import NIOCore
import Testing

@testable import FerryRuntime

/// Builds rules from configuration text and requests from lines, for the HTTP rules suites.
enum RulesFixture {
    struct ConfigError: Error, CustomStringConvertible {
        var description: String
    }

    /// The `web` frontend of a configuration whose frontend section holds `lines` (after a bind and a default
    /// backend), in HTTP mode.
    static func frontend(
        _ lines: String, files: [String: String] = [:]
    ) throws -> Frontend {
        let text = """
            defaults
                mode http
                timeout connect 1s
                timeout client 1s
                timeout server 1s
            frontend web
                bind 127.0.0.1:8080
                default_backend app
            \(lines.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            backend app
                server s1 127.0.0.1:9000
            """
        let compilation = ConfigCompiler.compile(
            files: [SourceFile(path: "test.cfg", text: text)], environment: [:],
            readFile: { path in files[path].map { Array($0.utf8) } })
        guard let configuration = compilation.configuration,
              let frontend = configuration.frontends.first(where: { $0.name == "web" })
        else {
            throw ConfigError(description: DiagnosticFormat.short.render(
                compilation.diagnostics, sources: compilation.sources, color: false))
        }
        return frontend
    }

    static func requestRules(_ lines: String) throws -> HTTPRequestRuleSet {
        let frontend = try frontend(lines)
        return HTTPRequestRuleSet(rules: frontend.httpRequestRules, acls: frontend.acls)
    }

    static func responseRules(_ lines: String) throws -> HTTPResponseRuleSet {
        let frontend = try frontend(lines)
        return HTTPResponseRuleSet(rules: frontend.httpResponseRules, acls: frontend.acls)
    }
}

/// A message head from its lines: CRLF after each, then the empty line.
func message(_ lines: String...) -> String {
    lines.map { $0 + "\r\n" }.joined() + "\r\n"
}

/// A parsed request and the buffer it was parsed from.
struct ParsedMessage {
    var head: HTTPHead
    var buffer: ByteBuffer

    static func request(_ text: String) throws -> ParsedMessage {
        let buffer = ByteBuffer(string: text)
        let head = try #require(try HTTPHeadParser.parseRequest(buffer))
        return ParsedMessage(head: head, buffer: buffer)
    }

    static func response(_ text: String, to method: HTTPHead.Method = .get) throws -> ParsedMessage {
        let buffer = ByteBuffer(string: text)
        let head = try #require(try HTTPHeadParser.parseResponse(buffer, requestMethod: method))
        return ParsedMessage(head: head, buffer: buffer)
    }

    func samples(source: String = "192.0.2.10", port: Int = 8080) throws -> HTTPRequestSamples {
        HTTPRequestSamples(
            head: head, buffer: buffer, sourceAddress: try SocketAddress(ipAddress: source, port: 40000),
            destinationPort: port)
    }
}

/// Samples of a request written as lines.
func requestSamples(_ lines: String..., source: String = "192.0.2.10", port: Int = 8080) throws -> HTTPRequestSamples {
    try ParsedMessage.request(lines.map { $0 + "\r\n" }.joined() + "\r\n").samples(source: source, port: port)
}

extension ByteBuffer {
    /// The readable bytes as text, for golden comparisons.
    var text: String { String(decoding: readableBytesView, as: UTF8.self) }
}
