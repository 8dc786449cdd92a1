extension ErrorPages {
    /// The sentence under the title of Ferry's own page for each status that can have one (every status `errorfile`
    /// and `deny_status` accept). Short HTML, in the spirit of HAProxy's pages, worded for Ferry.
    static let builtInMessages: [Int: String] = [
        200: "The service is up.",
        400: "The request could not be understood.",
        401: "Authentication is required to reach this resource.",
        403: "Access to this resource is not allowed.",
        404: "The requested resource was not found.",
        405: "This method is not allowed for the resource.",
        407: "Authentication with the proxy is required.",
        408: "The request was not received in time.",
        410: "The requested resource is no longer available.",
        413: "The request is larger than the proxy accepts.",
        425: "The request was sent too early and may be replayed.",
        429: "Too many requests were sent; try again later.",
        500: "The proxy met an unexpected condition.",
        501: "The request needs a feature the proxy does not support.",
        502: "The server sent an invalid response or closed the connection.",
        503: "No server is available to handle this request.",
        504: "The server did not answer in time.",
    ]

    /// The page body: `<html><body><h1>503 Service Unavailable</h1>\nsentence\n</body></html>\n`.
    static func builtInBody(status: Int) -> String {
        let message = builtInMessages[status] ?? HTTPReasonPhrase.phrase(for: status) + "."
        return "<html><body><h1>\(status) \(HTTPReasonPhrase.phrase(for: status))</h1>\n\(message)\n</body></html>\n"
    }
}

/// Standard reason phrases (RFC 9110 §15 and the IANA registry) for the status lines Ferry writes.
enum HTTPReasonPhrase {
    static func phrase(for status: Int) -> String {
        if let phrase = phrases[status] { return phrase }
        switch status {
        case 100..<200: return "Informational"
        case 200..<300: return "Success"
        case 300..<400: return "Redirection"
        case 400..<500: return "Client Error"
        default: return "Server Error"
        }
    }

    private static let phrases: [Int: String] = [
        100: "Continue", 101: "Switching Protocols",
        200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content",
        205: "Reset Content", 206: "Partial Content",
        300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
        307: "Temporary Redirect", 308: "Permanent Redirect",
        400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required",
        408: "Request Timeout", 409: "Conflict", 410: "Gone", 411: "Length Required", 412: "Precondition Failed",
        413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable",
        417: "Expectation Failed", 421: "Misdirected Request", 422: "Unprocessable Content", 425: "Too Early",
        426: "Upgrade Required", 428: "Precondition Required", 429: "Too Many Requests",
        431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout", 505: "HTTP Version Not Supported",
    ]
}
