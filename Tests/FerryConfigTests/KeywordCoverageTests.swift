@testable import FerryConfig
import FerryDiagnostics
import FerryModel
import Testing

/// The valid fixtures (whose plans are golden-tested) must use every supported keyword, option, timeout, server
/// option, balance algorithm, ACL fetch and rule action, so a keyword cannot be added without a golden test.
@Suite struct KeywordCoverageTests {
    /// Every statement of every valid fixture.
    static let statements: [Statement] = Fixtures.cases(in: "valid").flatMap { fixture in
        Fixtures.files(of: fixture).flatMap { file in
            var diagnostics = DiagnosticCollector()
            return HAProxyLexer(file: file, environment: Fixtures.environment).statements(diagnostics: &diagnostics)
        }
    }

    static func words(after keyword: String, at position: Int = 1) -> Set<String> {
        Set(statements.filter { $0.keyword.text == keyword && $0.words.count > position }.map { $0.words[position].text })
    }

    static let allWords = Set(statements.flatMap { $0.words.map(\.text) })

    /// Fails once, listing every item of `required` that `used` lacks.
    static func expectAll(_ required: some Sequence<String>, in used: Set<String>, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let missing = required.filter { !used.contains($0) }
        #expect(missing.isEmpty, "no valid fixture uses these \(what): \(missing)", sourceLocation: sourceLocation)
    }

    @Test func everyKeyword() {
        // `daemon` is always warned about, so the warnings fixtures cover it.
        let keywords = (Array(ProxyKeywords.rules.keys) + Array(GlobalKeywords.usage.keys)).filter { $0 != "daemon" }
        Self.expectAll(keywords, in: Set(Self.statements.map(\.keyword.text)), "keywords")
    }

    @Test func everyOptionTimeoutAndStatsParameter() {
        let options = Self.words(after: "option").union(Self.words(after: "no", at: 2))
        Self.expectAll(ProxyOption.allCases.map(\.rawValue) + ["httpchk", "forwardfor"], in: options, "options")
        Self.expectAll(TimeoutKind.allCases.map(\.rawValue), in: Self.words(after: "timeout"), "timeouts")
        Self.expectAll(["enable", "uri", "refresh", "auth", "realm", "hide-version", "socket"], in: Self.words(after: "stats"), "stats parameters")
        Self.expectAll(["send", "expect"], in: Self.words(after: "http-check"), "http-check directives")
    }

    @Test func everyServerAndBindOption() {
        let serverWords = Set(Self.statements.filter { ["server", "default-server"].contains($0.keyword.text) }.flatMap { $0.words.map(\.text) })
        Self.expectAll(["check", "no-check", "inter", "fastinter", "downinter", "rise", "fall", "weight", "backup", "no-backup",
                        "maxconn", "maxqueue", "disabled", "cookie", "slowstart", "send-proxy", "no-send-proxy", "port"],
                       in: serverWords, "server options")
        let bindWords = Set(Self.statements.filter { $0.keyword.text == "bind" }.flatMap { $0.words.map(\.text) })
        Self.expectAll(["name", "accept-proxy"], in: bindWords, "bind options")
    }

    @Test func everyBalanceAlgorithmAndHashType() {
        let algorithms = Set(Self.words(after: "balance").map(ConfigReader.baseName))
        Self.expectAll(["roundrobin", "static-rr", "leastconn", "first", "source", "uri", "url_param", "hdr", "random"], in: algorithms, "algorithms")
        #expect(Self.words(after: "hash-type") == ["map-based", "consistent"])
    }

    @Test func everyACLFetchAndRuleAction() {
        let fetches = Set(Self.words(after: "acl", at: 2).map(ConfigReader.baseName))
        Self.expectAll(["path", "path_beg", "path_end", "path_sub", "path_reg", "hdr", "hdr_beg", "hdr_end", "hdr_sub",
                        "hdr_reg", "req.hdr", "method", "src", "dst_port", "url_param", "query"], in: fetches, "ACL fetches")
        Self.expectAll(["set-header", "add-header", "del-header", "set-path", "deny", "return", "redirect"], in: Self.words(after: "http-request"), "http-request actions")
        Self.expectAll(["set-header", "add-header", "del-header"], in: Self.words(after: "http-response"), "http-response actions")
        Self.expectAll(["location", "prefix", "scheme"], in: Self.words(after: "http-request", at: 2), "redirect kinds")
        Self.expectAll(["insert", "indirect", "nocache", "httponly", "secure", "-i", "-m", "||", "or", "!", "{", "unless", "deny_status"],
                       in: Self.allWords, "words")
    }
}
