import NIOCore

/// What the response to a forwarded request needs: the rules of the backend it went to (and so the error pages that
/// apply), and what the request said of the sticky cookie.
struct HTTPExchangeRules {
    let rules: BackendHTTPRules
    /// Whether the server connection may go back to the pool after the response (never after an upgrade).
    let reusesServerConnections: Bool
    /// What the request's sticky cookie said, when the backend has one.
    let presented: StickyCookie.Presented?

    init(rules: BackendHTTPRules, upgrade: Bool, presented: StickyCookie.Presented?) {
        self.rules = rules
        self.reusesServerConnections = rules.reusesServerConnections && !upgrade
        self.presented = presented
    }

    var pages: ErrorPages { rules.pages }

    /// `option httpclose`: the client connection closes after the response.
    var closesClient: Bool { rules.closesClient }

    /// The server the request's sticky cookie names, if any.
    var preferredServer: Int? { presented?.server }

    /// The response head for the client: `http-response` rules applied, hop-by-hop fields removed and the
    /// connection's fate stated. `nil` when the server's head can go as it is.
    func responseHead(
        _ head: HTTPHead, in buffer: ByteBuffer, requestVersion: HTTPHead.Version, closeClient: Bool, server: Int?,
        connection samples: @autoclosure () -> ConnectionSamples
    ) -> ByteBuffer? {
        var edits = HeadEdits()
        if let sticky = rules.sticky, let server, let presented {
            sticky.response(head, in: buffer, server: server, presented: presented, edits: &edits)
        }
        // Request fetches have nothing to look at in response rules (W0107), so no request samples are given.
        rules.backend?.responseRules.evaluate(connection: samples(), request: nil, into: &edits)
        rules.frontend.responseRules.evaluate(connection: samples(), request: nil, into: &edits)
        let connection: ConnectionHeader = head.info.framing == .tunnel
            ? .upgrade : (closeClient ? .close : .toward(peerVersion: requestVersion, keepAlive: true))
        guard HeadWriter.needsRewrite(head, edits: edits, connection: connection) else { return nil }
        var out = ByteBuffer()
        HeadWriter.writeResponse(head, from: buffer, edits: edits, connection: connection, into: &out)
        return out
    }
}
