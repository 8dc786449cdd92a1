import Foundation
import NIOCore
import NIOPosix

/// A `mode http` proxy whose frontend `web` sends requests to backend `a` (one server, `a`) unless its `frontend`
/// lines pick backend `b` (one server, `b`).
func switchingConfig(a: Int, b: Int, frontend: String = "", backendA: String = "", backendB: String = "") -> String {
    """
    \(httpConfigPreamble)
    \(indented(frontend))
        default_backend a
    backend a
    \(indented(backendA))
        server a 127.0.0.1:\(a)
    backend b
    \(indented(backendB))
        server b 127.0.0.1:\(b)
    """
}

/// A `mode http` proxy whose only backend `app` balances with `balance` over `servers` (named after their backends).
func balancingConfig(_ servers: [TestHTTPBackend], balance: String, serverOptions: String = "", backend: String = "") -> String {
    """
    \(httpConfigPreamble)
        default_backend app
    backend app
        balance \(balance)
    \(indented(backend))
    \(servers.map { "    server \($0.name) 127.0.0.1:\($0.port) \(serverOptions)" }.joined(separator: "\n"))
    """
}

/// Each line of `lines` indented by four spaces, as config lines of a section.
func indented(_ lines: String) -> String {
    lines.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
}

/// A request as bytes: CRLF after each line, then the empty line, then `body`.
func rawRequest(_ lines: String..., body: String = "") -> [UInt8] {
    rawRequest(lines, body: body)
}

/// `rawRequest(_:body:)` for an array of lines.
func rawRequest(_ lines: [String], body: String = "") -> [UInt8] {
    Array((lines.map { $0 + "\r\n" }.joined() + "\r\n" + body).utf8)
}

extension TestSocket {
    /// Whether the peer ends the connection (FIN or reset) within `seconds` without sending anything more.
    func closes(within seconds: Double = 5) -> Bool {
        switch read(within: seconds) {
        case .end, .reset: true
        case .bytes, .timedOut: false
        }
    }

    /// Sends a GET for `target` and returns the response.
    func get(_ target: String, headers: [String] = []) throws -> TestHTTPResponse {
        try send(rawRequest(["GET \(target) HTTP/1.1", "Host: e2e.test"] + headers))
        return try readResponse(within: 10)
    }

    /// Reads until the bytes read contain `text`, or until a read brings no bytes (the end, a reset, or nothing for
    /// `seconds`); returns all the bytes read.
    func read(untilContaining text: String, within seconds: Double) -> [UInt8] {
        var seen: [UInt8] = []
        while !String(bytes: seen).contains(text) {
            guard case .bytes(let bytes) = read(within: seconds) else { break }
            seen += bytes
        }
        return seen
    }
}

extension TestHTTPResponse {
    /// The backend that answered: the first word of a `TestHTTPBackend` body.
    var servedBy: String { String(body.split(separator: " ").first ?? "") }
}

/// A port that was free a moment ago (bound to port 0, then closed), for configs that must name a port.
func freePort() throws -> Int {
    try refusedPort()
}

/// A process's resident set size in bytes, from `/proc/PID/status`; nil when it cannot be read.
func residentBytes(of pid: Int32) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return nil }
    let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    return kilobytes.map { $0 * 1024 }
}

/// The pid in a `ferry started: … pid N; …` line.
func startedPid(in line: String) -> Int32? {
    guard let range = line.range(of: "pid ") else { return nil }
    return Int32(line[range.upperBound...].prefix { $0.isNumber })
}
