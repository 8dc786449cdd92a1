import FerryModel
import NIOCore
import Testing

@testable import FerryRuntime

/// Every ACL match method, written in configuration text and evaluated through a condition on HTTP samples.
@Suite struct HTTPRulesACLTests {
    /// Whether `acl t CRITERION` holds for the request: a `deny if t` rule answers exactly when it does.
    func holds(
        _ criterion: String, _ lines: String..., source: String = "192.0.2.10", port: Int = 8080
    ) throws -> Bool {
        let rules = try RulesFixture.requestRules("acl t \(criterion)\nhttp-request deny if t")
        let samples = try ParsedMessage.request(requestText(lines)).samples(source: source, port: port)
        var edits = HeadEdits()
        return rules.evaluate(samples, into: &edits) != .continue
    }

    func requestText(_ lines: [String]) -> String {
        lines.map { $0 + "\r\n" }.joined() + "\r\n"
    }

    @Test func exactString() throws {
        #expect(try holds("path /a", "GET /a HTTP/1.1", "Host: x"))
        #expect(try !holds("path /a", "GET /ab HTTP/1.1", "Host: x"))
        #expect(try !holds("path /a", "GET /A HTTP/1.1", "Host: x"))
        #expect(try holds("path -i /a", "GET /A HTTP/1.1", "Host: x"))
        #expect(try holds("method PUT POST", "POST /a HTTP/1.1", "Host: x", "Content-Length: 0"))
        #expect(try holds("hdr(host) -m str example.com", "GET / HTTP/1.1", "Host: example.com"))
    }

    @Test func prefix() throws {
        #expect(try holds("path_beg /api", "GET /api/users HTTP/1.1", "Host: x"))
        #expect(try !holds("path_beg /api", "GET /static/api HTTP/1.1", "Host: x"))
        #expect(try holds("path_beg -i /API", "GET /api/users HTTP/1.1", "Host: x"))
        #expect(try holds("hdr_beg(host) -i www.", "GET / HTTP/1.1", "Host: WWW.example.com"))
        #expect(try holds("path -m beg /a /b", "GET /bob HTTP/1.1", "Host: x"))
    }

    @Test func suffix() throws {
        #expect(try holds("path_end .jpg .png", "GET /img/cat.png HTTP/1.1", "Host: x"))
        #expect(try !holds("path_end .jpg .png", "GET /img/cat.PNG HTTP/1.1", "Host: x"))
        #expect(try holds("path_end -i .jpg .png", "GET /img/cat.PNG HTTP/1.1", "Host: x"))
    }

    @Test func substring() throws {
        #expect(try holds("path_sub admin", "GET /site/admin/login HTTP/1.1", "Host: x"))
        #expect(try !holds("path_sub admin", "GET /site/Admin HTTP/1.1", "Host: x"))
        #expect(try holds("path_sub -i admin", "GET /site/Admin HTTP/1.1", "Host: x"))
        #expect(try holds("hdr_sub(user-agent) bot", "GET / HTTP/1.1", "Host: x", "User-Agent: a-bot/1.0"))
    }

    @Test func regex() throws {
        #expect(try holds(#"path_reg ^/user/[0-9]+$"#, "GET /user/42 HTTP/1.1", "Host: x"))
        #expect(try !holds(#"path_reg ^/user/[0-9]+$"#, "GET /user/42/edit HTTP/1.1", "Host: x"))
        #expect(try !holds("path_reg ^/USER", "GET /user HTTP/1.1", "Host: x"))
        #expect(try holds("path_reg -i ^/USER", "GET /user HTTP/1.1", "Host: x"))
    }

    @Test func directory() throws {
        #expect(try holds("path_dir api", "GET /v1/api/users HTTP/1.1", "Host: x"))
        #expect(try !holds("path_dir api", "GET /v1/apis/users HTTP/1.1", "Host: x"))
        #expect(try holds("path_dir -i API", "GET /v1/api HTTP/1.1", "Host: x"))
    }

    @Test func domain() throws {
        #expect(try holds("hdr_dom(host) example", "GET / HTTP/1.1", "Host: www.example.com"))
        #expect(try !holds("hdr_dom(host) example", "GET / HTTP/1.1", "Host: www.examples.com"))
        #expect(try holds("hdr_dom(host) -i EXAMPLE", "GET / HTTP/1.1", "Host: www.example.com"))
    }

    /// HAProxy's `dom` and `dir` look for the pattern as a run of whole components (`example.com` in
    /// `www.example.com`); `CompiledCondition` compares single components only.
    @Test func domainPatternSpanningComponents() throws {
        let domain = try holds("hdr_dom(host) example.com", "GET / HTTP/1.1", "Host: www.example.com")
        let directory = try holds("path_dir /v1/api", "GET /v1/api/users HTTP/1.1", "Host: x")
        #expect(domain)
        #expect(directory)
        #expect(try !holds("path_dir api", "GET /apis HTTP/1.1", "Host: x"))
        #expect(try !holds("hdr_dom(host) example.com", "GET / HTTP/1.1", "Host: notexample.com"))
    }

    @Test func found() throws {
        #expect(try holds("hdr(x-token) -m found", "GET / HTTP/1.1", "Host: x", "X-Token: t"))
        #expect(try holds("hdr(x-token) -m found", "GET / HTTP/1.1", "Host: x", "X-Token:"))
        #expect(try !holds("hdr(x-token) -m found", "GET / HTTP/1.1", "Host: x"))
        #expect(try holds("url_param(debug) -m found", "GET /?debug=1 HTTP/1.1", "Host: x"))
        #expect(try !holds("query -m found", "GET /p HTTP/1.1", "Host: x"))
    }

    @Test func length() throws {
        #expect(try holds("path_len 1:4", "GET /abc HTTP/1.1", "Host: x"))
        #expect(try !holds("path_len 1:4", "GET /abcd HTTP/1.1", "Host: x"))
        #expect(try holds("hdr_len(x-id) 3", "GET / HTTP/1.1", "Host: x", "X-Id: abc"))
    }

    @Test func integer() throws {
        #expect(try holds("dst_port 8080", "GET / HTTP/1.1", "Host: x", port: 8080))
        #expect(try !holds("dst_port 8000:8079", "GET / HTTP/1.1", "Host: x", port: 8080))
        #expect(try holds("dst_port 8000:", "GET / HTTP/1.1", "Host: x", port: 8080))
        #expect(try holds("url_param(page) -m int 1:9", "GET /list?page=3 HTTP/1.1", "Host: x"))
        #expect(try !holds("url_param(page) -m int 1:9", "GET /list?page=12 HTTP/1.1", "Host: x"))
        #expect(try !holds("url_param(page) -m int 1:9", "GET /list?page=three HTTP/1.1", "Host: x"))
    }

    @Test func address() throws {
        #expect(try holds("src 10.0.0.0/8", "GET / HTTP/1.1", "Host: x", source: "10.1.2.3"))
        #expect(try !holds("src 10.0.0.0/8", "GET / HTTP/1.1", "Host: x", source: "11.1.2.3"))
        #expect(try holds("src 10.0.0.0/8", "GET / HTTP/1.1", "Host: x", source: "::ffff:10.1.2.3"))
        #expect(try holds("src 2001:db8::/32", "GET / HTTP/1.1", "Host: x", source: "2001:db8::7"))
        #expect(try holds("hdr(x-real-ip) -m ip 192.168.0.0/16", "GET / HTTP/1.1", "Host: x", "X-Real-IP: 192.168.4.5"))
        #expect(try !holds("hdr(x-real-ip) -m ip 192.168.0.0/16", "GET / HTTP/1.1", "Host: x", "X-Real-IP: nonsense"))
    }

    @Test func headerListValuesMatchOneByOne() throws {
        #expect(try holds("hdr(accept) application/json", "GET / HTTP/1.1", "Host: x", "Accept: text/html, application/json"))
        #expect(try !holds("hdr(accept) application/json", "GET / HTTP/1.1", "Host: x", "Accept: text/html"))
    }

    @Test func conditionOperators() throws {
        let rules = try RulesFixture.requestRules("""
            acl api path_beg /api
            acl internal src 10.0.0.0/8
            http-request deny if api !internal METH_POST or { path_beg /admin } !internal
            """)
        func denied(_ method: String, _ path: String, from source: String) throws -> Bool {
            let length = method == "POST" ? ["Content-Length: 0"] : []
            let samples = try ParsedMessage.request(
                (["\(method) \(path) HTTP/1.1", "Host: x"] + length).map { $0 + "\r\n" }.joined() + "\r\n"
            ).samples(source: source)
            var edits = HeadEdits()
            return rules.evaluate(samples, into: &edits) != .continue
        }
        #expect(try denied("POST", "/api/x", from: "192.0.2.1"))
        #expect(try !denied("GET", "/api/x", from: "192.0.2.1"))
        #expect(try !denied("POST", "/api/x", from: "10.0.0.1"))
        #expect(try denied("GET", "/admin", from: "192.0.2.1"))
        #expect(try !denied("GET", "/admin", from: "10.0.0.1"))
    }

    @Test func unlessAndPredefinedACLs() throws {
        #expect(try holdsRule("http-request deny unless METH_GET", "POST / HTTP/1.1", "Host: x", "Content-Length: 0"))
        #expect(try !holdsRule("http-request deny unless METH_GET", "HEAD / HTTP/1.1", "Host: x"))
        #expect(try holdsRule("http-request deny if TRUE", "GET / HTTP/1.1", "Host: x"))
        #expect(try !holdsRule("http-request deny if FALSE", "GET / HTTP/1.1", "Host: x"))
        #expect(try holdsRule("http-request deny if LOCALHOST", "GET / HTTP/1.1", "Host: x"))
    }

    private func holdsRule(_ rule: String, _ lines: String...) throws -> Bool {
        let rules = try RulesFixture.requestRules(rule)
        let samples = try ParsedMessage.request(requestText(lines)).samples(source: "127.0.0.1")
        var edits = HeadEdits()
        return rules.evaluate(samples, into: &edits) != .continue
    }
}
