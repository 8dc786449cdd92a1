import FerryDiagnostics

/// The kinds of section a configuration file can open.
public enum SectionKind: String, Sendable, Hashable, CaseIterable {
    case global
    case defaults
    case frontend
    case backend
    case listen

    /// HAProxy sections Ferry does not support yet; their bodies are skipped after one diagnostic.
    public static let unsupported: [String: String] = [
        "userlist": "write credentials with `stats auth USER:PASSWORD`",
        "peers": "stick tables are not supported yet, so there is nothing to synchronise",
        "resolvers": "servers named by host name are resolved by the system resolver at start-up",
        "mailers": "",
        "program": "run other processes with your container orchestrator or init system",
        "http-errors": "use `errorfile STATUS FILE` in the proxy",
        "ring": "",
        "cache": "",
        "fcgi-app": "",
        "log-forward": "",
    ]
}

/// A section as written: its header line and the statements until the next section or the end of the file.
public struct SectionSyntax: Sendable, Hashable {
    public var kind: SectionKind
    public var header: Statement
    public var statements: [Statement]

    public init(kind: SectionKind, header: Statement, statements: [Statement] = []) {
        self.kind = kind
        self.header = header
        self.statements = statements
    }
}

/// Groups the statements of one file into sections. A section never continues into the next file.
public enum SectionParser {
    public static func sections(_ statements: [Statement], diagnostics: inout DiagnosticCollector) -> [SectionSyntax] {
        var sections: [SectionSyntax] = []
        var skipping = false
        var reportedStray = false
        /// Nesting depth of `.if` blocks being skipped.
        var skippedBlockDepth = 0
        for statement in statements {
            let keyword = statement.keyword.text
            if keyword.hasPrefix("."), keyword.count > 1 {
                if keyword == ".if" {
                    skippedBlockDepth += 1
                    if skippedBlockDepth > 1 { continue }
                } else if keyword == ".endif", skippedBlockDepth > 0 {
                    skippedBlockDepth -= 1
                    continue
                } else if skippedBlockDepth > 0 {
                    continue
                }
                diagnostics.report(
                    .unsupportedKeyword, "directive '\(keyword)' is not supported by ferry yet",
                    at: statement.keyword.location,
                    label: keyword == ".if" ? "lines up to the matching .endif are skipped" : nil,
                    help: "conditional blocks and messages (.if, .else, .endif, .diag, …) are not supported; generate the file with the condition already applied"
                )
            } else if skippedBlockDepth > 0 {
                continue
            } else if let kind = SectionKind(rawValue: keyword) {
                sections.append(SectionSyntax(kind: kind, header: statement))
                skipping = false
            } else if let help = SectionKind.unsupported[keyword] {
                diagnostics.report(
                    .unsupportedKeyword, "section '\(keyword)' is not supported by ferry yet",
                    at: statement.keyword.location, label: "its contents are skipped",
                    help: help.isEmpty ? nil : help
                )
                skipping = true
            } else if skipping {
                continue
            } else if statement.isIncomplete {
                if !sections.isEmpty { sections[sections.count - 1].statements.append(statement) }
            } else if let section = misspeltSection(statement) {
                // A header is usually written at the start of its line: a word there that is close to a section
                // name most likely opens a section, so its body is skipped rather than read into the previous one.
                diagnostics.report(
                    .unknownKeyword, "unknown section '\(keyword)'", at: statement.keyword.location,
                    label: "its contents are skipped", help: "did you mean '\(section)'?"
                )
                skipping = true
            } else if sections.isEmpty {
                if !reportedStray {
                    reportedStray = true
                    diagnostics.report(
                        .keywordOutsideSection, "'\(keyword)' appears before any section",
                        at: statement.keyword.location,
                        help: "start the file with a section: global, defaults, frontend, backend or listen (a section does not continue from the previous file)"
                    )
                }
            } else {
                sections[sections.count - 1].statements.append(statement)
            }
        }
        return sections
    }

    /// The section name an unindented, unknown first word is a misspelling of, if any.
    private static func misspeltSection(_ statement: Statement) -> String? {
        let word = statement.keyword.text
        guard statement.keyword.column == 1, !statement.keyword.isQuoted, ProxyKeywords.rules[word] == nil,
              GlobalKeywords.usage[word] == nil, !HAProxyVocabulary.proxyKeywords.contains(word),
              !HAProxyVocabulary.globalKeywords.contains(word) else { return nil }
        let sections = SectionKind.allCases.map(\.rawValue)
        if word.count >= 3, let truncated = sections.first(where: { $0.hasPrefix(word) }) { return truncated }
        return DidYouMean.suggestion(for: word, among: sections)
    }
}
