import FerryModel
import NIOCore
import Testing

@testable import FerryRuntime

@Suite struct HTTPRulesRuleSetTests {
    /// Evaluates `rules` (configuration lines) on a request.
    func evaluate(
        _ rules: String, _ lines: String..., source: String = "192.0.2.10"
    ) throws -> (RuleVerdict, HeadEdits) {
        let ruleSet = try RulesFixture.requestRules(rules)
        let samples = try ParsedMessage.request(lines.map { $0 + "\r\n" }.joined() + "\r\n").samples(source: source)
        var edits = HeadEdits()
        let verdict = ruleSet.evaluate(samples, into: &edits)
        return (verdict, edits)
    }

    func added(_ edits: HeadEdits) -> [String] {
        edits.addedFields.map { "\($0.name): \($0.value)" }
    }

    @Test func headerActionsAccumulateInOrder() throws {
        let (verdict, edits) = try evaluate("""
            http-request set-header X-A one
            http-request add-header X-B first
            http-request set-header X-A two
            http-request add-header X-B second
            http-request add-header X-C kept
            http-request del-header x-b
            http-request add-header X-B third
            """, "GET / HTTP/1.1", "Host: x", "X-A: original", "X-B: original")
        #expect(verdict == .continue)
        #expect(added(edits) == ["X-A: two", "X-C: kept", "X-B: third"])
        #expect(edits.removedNames == ["x-a", "x-b"])
    }

    @Test func conditionsSelectRules() throws {
        let rules = """
            acl api path_beg /api
            http-request set-header X-Kind api if api
            http-request set-header X-Kind site unless api
            """
        #expect(added(try evaluate(rules, "GET /api/v1 HTTP/1.1", "Host: x").1) == ["X-Kind: api"])
        #expect(added(try evaluate(rules, "GET /home HTTP/1.1", "Host: x").1) == ["X-Kind: site"])
    }

    @Test func laterRulesSeeEarlierEdits() throws {
        let (verdict, edits) = try evaluate("""
            http-request set-path /v2%[path]
            http-request set-header X-Seen %[path]
            http-request add-header X-Tag new
            http-request deny deny_status 429 if { path_beg /v2/ } { hdr(x-tag) new }
            """, "GET /items?page=2 HTTP/1.1", "Host: x")
        #expect(verdict == .respond(.page(status: 429)))
        #expect(edits.path == "/v2/items")
        #expect(added(edits) == ["X-Seen: /v2/items", "X-Tag: new"])
    }

    @Test func firstFinalActionStopsEvaluation() throws {
        let rules = """
            http-request add-header X-Before 1
            http-request deny if { path_beg /private }
            http-request return status 200 content-type text/plain string ok if { path /health }
            http-request redirect location /elsewhere if { path_beg /old }
            http-request add-header X-After 1
            """
        let (denied, deniedEdits) = try evaluate(rules, "GET /private/x HTTP/1.1", "Host: x")
        #expect(denied == .respond(.page(status: 403)))
        #expect(added(deniedEdits) == ["X-Before: 1"])
        let (returned, _) = try evaluate(rules, "GET /health HTTP/1.1", "Host: x")
        #expect(returned == .respond(.custom(HTTPReturn(status: 200, contentType: "text/plain", body: "ok"))))
        let (redirected, _) = try evaluate(rules, "GET /old/page HTTP/1.1", "Host: x")
        #expect(redirected == .respond(.redirect(status: 302, location: "/elsewhere")))
        let (passed, passedEdits) = try evaluate(rules, "GET /public HTTP/1.1", "Host: x")
        #expect(passed == .continue)
        #expect(added(passedEdits) == ["X-Before: 1", "X-After: 1"])
    }

    @Test func denyStatusAndBareReturn() throws {
        #expect(try evaluate("http-request deny deny_status 503", "GET / HTTP/1.1", "Host: x").0
            == .respond(.page(status: 503)))
        #expect(try evaluate("http-request return status 204", "GET / HTTP/1.1", "Host: x").0
            == .respond(.custom(HTTPReturn(status: 204))))
        #expect(try evaluate("http-request return", "GET / HTTP/1.1", "Host: x").0
            == .respond(.custom(HTTPReturn(status: 200))))
    }

    @Test(arguments: [301, 302, 303, 307, 308])
    func redirectCodes(code: Int) throws {
        let (verdict, _) = try evaluate("http-request redirect code \(code) location https://example.com/",
                                        "GET / HTTP/1.1", "Host: x")
        #expect(verdict == .respond(.redirect(status: code, location: "https://example.com/")))
    }

    @Test func redirectDefaultsTo302() throws {
        #expect(try evaluate("http-request redirect location /x", "GET / HTTP/1.1", "Host: x").0.status == 302)
    }

    @Test func redirectLocationIsTakenAsWritten() throws {
        let (verdict, _) = try evaluate("http-request redirect location /login drop-query append-slash",
                                        "GET /a?b=c HTTP/1.1", "Host: x")
        #expect(verdict == .respond(.redirect(status: 302, location: "/login")))
    }

    @Test func redirectPrefixKeepsPathAndQuery() throws {
        let rule = "http-request redirect prefix https://new.example.com"
        #expect(try evaluate(rule, "GET /a/b?x=1 HTTP/1.1", "Host: x").0.location == "https://new.example.com/a/b?x=1")
        #expect(try evaluate(rule + " drop-query", "GET /a/b?x=1 HTTP/1.1", "Host: x").0.location
            == "https://new.example.com/a/b")
        #expect(try evaluate(rule + " drop-query append-slash", "GET /a/b?x=1 HTTP/1.1", "Host: x").0.location
            == "https://new.example.com/a/b/")
        #expect(try evaluate(rule + " append-slash", "GET /a/ HTTP/1.1", "Host: x").0.location
            == "https://new.example.com/a/")
        #expect(try evaluate(rule, "GET http://old.example.com/p?q HTTP/1.1", "Host: old.example.com").0.location
            == "https://new.example.com/p?q")
    }

    @Test func redirectPrefixOfSlashAddsNothing() throws {
        #expect(try evaluate("http-request redirect prefix / code 301", "GET /same?x=1 HTTP/1.1", "Host: x").0
            == .respond(.redirect(status: 301, location: "/same?x=1")))
    }

    @Test func redirectSchemeUsesHost() throws {
        let rule = "http-request redirect scheme https code 301"
        #expect(try evaluate(rule + " if !{ dst_port 443 }", "GET /p?q=1 HTTP/1.1", "Host: example.com").0
            == .respond(.redirect(status: 301, location: "https://example.com/p?q=1")))
        #expect(try evaluate(rule + " drop-query", "GET /p?q=1 HTTP/1.1", "Host: example.com:8080").0.location
            == "https://example.com:8080/p")
        #expect(try evaluate(rule, "OPTIONS * HTTP/1.1", "Host: example.com").0.location == "https://example.com/")
    }

    @Test func formattedValues() throws {
        let (_, edits) = try evaluate(#"""
            http-request set-header X-Client %[src]
            http-request set-header X-Port %[dst_port]
            http-request set-header X-Host %[req.hdr(host)]
            http-request set-header X-Last %[hdr(x-list)]
            http-request set-header X-Param %[url_param(id)]/%[urlp(none)]
            http-request set-header X-Method "%[method] %[query] 100%%"
            http-request set-header X-Kept %[src,ipmask(24)]%ci
            """#, "GET /p?id=42 HTTP/1.1", "Host: example.com", "X-List: a, b", "X-List: c", source: "10.1.2.3")
        #expect(added(edits) == [
            "X-Client: 10.1.2.3", "X-Port: 8080", "X-Host: example.com", "X-Last: c", "X-Param: 42/-",
            "X-Method: GET id=42 100%", "X-Kept: %[src,ipmask(24)]%ci",
        ])
    }

    @Test func framingAndConnectionFieldsAreTheProxys() throws {
        let (_, edits) = try evaluate("""
            http-request set-header Content-Length 0
            http-request del-header Transfer-Encoding
            http-request add-header Connection close
            """, "GET / HTTP/1.1", "Host: x")
        #expect(edits.isEmpty)
    }

    @Test func responseRulesEditTheResponse() throws {
        let rules = try RulesFixture.responseRules("""
            http-response set-header X-Served-By ferry
            http-response del-header Server
            http-response add-header X-Internal yes if { src 10.0.0.0/8 }
            http-response add-header X-API yes if { path_beg /api }
            """)
        var edits = HeadEdits()
        let connection = ConnectionSamples(
            sourceAddress: try SocketAddress(ipAddress: "10.0.0.5", port: 1), destinationPort: 8080)
        rules.evaluate(connection: connection, request: nil, into: &edits)
        #expect(added(edits) == ["X-Served-By: ferry", "X-Internal: yes"])
        // set-header replaces a field the server sent too.
        #expect(edits.removedNames == ["x-served-by", "server"])

        var withRequest = HeadEdits()
        let request = try requestSamples("GET /api/x HTTP/1.1", "Host: x", source: "192.0.2.1")
        rules.evaluate(connection: connection, request: request, into: &withRequest)
        #expect(added(withRequest) == ["X-Served-By: ferry", "X-API: yes"])
    }
}

extension RuleVerdict {
    var status: Int? {
        if case .respond(let response) = self { return response.status }
        return nil
    }

    var location: String? {
        if case .respond(.redirect(_, let location)) = self { return location }
        return nil
    }
}
