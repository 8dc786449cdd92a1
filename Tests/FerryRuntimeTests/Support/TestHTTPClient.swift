/// A response read off a `TestSocket`, parsed just enough for assertions.
struct TestHTTPResponse {
    var status: Int
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

extension TestSocket {
    /// Reads up to and including the empty line that ends a message head; fails on a deadline or an early end.
    func readHead(within seconds: Double = 5) throws -> String {
        var bytes: [UInt8] = []
        while !bytes.containsHeadEnd { bytes += try read(exactly: 1, within: seconds) }
        return String(bytes: bytes)
    }

    /// Reads one response: its head, then a `content-length` or chunked body, or (with neither) until the close.
    /// `bodyless` is for responses to HEAD.
    func readResponse(bodyless: Bool = false, within seconds: Double = 5) throws -> TestHTTPResponse {
        let head = try readHead(within: seconds)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: true)
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        let headers = lines.dropFirst().map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1].drop { $0 == " " }) : "")
        }
        var response = TestHTTPResponse(status: status, headers: headers, body: "")
        if bodyless || status == 204 || status == 304 || (100..<200).contains(status) { return response }
        if let length = response.header("content-length").flatMap({ Int($0) }) {
            response.body = String(bytes: try read(exactly: length, within: seconds))
        } else if response.header("transfer-encoding")?.lowercased() == "chunked" {
            var body: [UInt8] = []
            while true {
                var line: [UInt8] = []
                while !line.hasSuffix([13, 10]) { line += try read(exactly: 1, within: seconds) }
                let size = Int(String(bytes: Array(line.dropLast(2))).split(separator: ";")[0], radix: 16) ?? 0
                body += try read(exactly: size + 2, within: seconds).dropLast(2)
                if size == 0 { break }
            }
            response.body = String(bytes: body)
        } else {
            response.body = String(bytes: try readToEnd(within: seconds))
        }
        return response
    }
}

extension Array where Element == UInt8 {
    var containsHeadEnd: Bool { count >= 4 && self[(count - 4)...].elementsEqual([13, 10, 13, 10]) }

    func hasSuffix(_ suffix: [UInt8]) -> Bool { count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix) }
}
