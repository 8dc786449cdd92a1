import FerryDiagnostics

/// Reads YAML documents into the same sections as the HAProxy syntax, so that one reader, one resolver and one
/// validator serve both formats (docs/YAML.md describes the mapping).
///
/// Keys are HAProxy keywords. Each value becomes the words of one or more statements, placed at the YAML nodes so
/// that diagnostics point into the YAML file. Structure and types are checked here ("expected a duration like `5s`,
/// got a sequence"); keywords and values are checked by ``ConfigReader`` as for .cfg files.
struct YAMLSectionReader {
    var diagnostics: DiagnosticCollector
    private let words: YAMLWords
    var comments: YAMLComments

    init(file: SourceFile, environment: [String: String], diagnostics: DiagnosticCollector) {
        self.diagnostics = diagnostics
        self.words = YAMLWords(path: file.path, environment: environment)
        self.comments = YAMLComments(file: file)
    }

    mutating func sections(_ documents: [YAMLNode]) -> [SectionSyntax] {
        var sections: [SectionSyntax] = []
        for document in documents {
            switch document {
            case .scalar(let scalar) where scalar.isNull:
                continue
            case .mapping(let entries, _):
                for entry in entries where !YAMLKeys.topLevel.contains(entry.key.text) {
                    reportUnknownTopLevel(entry.key)
                }
                for name in YAMLKeys.topLevel {
                    guard let entry = entries.first(where: { $0.key.text == name }) else { continue }
                    sections += readTopLevel(entry.key, entry.value)
                }
            default:
                wrongType(document, expected: "a mapping with global, defaults, frontends, backends or listen", what: "a document")
            }
        }
        return sections
    }

    private mutating func readTopLevel(_ key: YAMLScalar, _ value: YAMLNode) -> [SectionSyntax] {
        switch key.text {
        case "global":
            guard let entries = mappingEntries(value, key: key) else { return [] }
            let header = Statement(words: [words.keyword("global", at: key)], comments: comments.take(key.span.line))
            return [SectionSyntax(kind: .global, header: header, statements: readKeys(entries, table: YAMLKeys.global, in: .global))]
        case "defaults":
            if case .sequence(let items, _) = value {
                // The comments above `defaults:` go with the first section, those above each `-` with its own.
                return items.enumerated().compactMap { index, item in
                    readProxy(.defaults, name: nil, key: key, item, headerLines: index == 0 ? [key.span.line, item.span.line] : [item.span.line])
                }
            }
            return readProxy(.defaults, name: nil, key: key, value).map { [$0] } ?? []
        default:
            guard let entries = mappingEntries(value, key: key) else { return [] }
            let kind: SectionKind = key.text == "frontends" ? .frontend : key.text == "backends" ? .backend : .listen
            return entries.compactMap { readProxy(kind, name: $0.key, key: $0.key, $0.value) }
        }
    }

    /// A defaults, frontend, backend or listen section. `name` is the mapping key naming a proxy; a defaults
    /// section takes its name from a `name` key.
    private mutating func readProxy(
        _ kind: SectionKind,
        name: YAMLScalar?,
        key: YAMLScalar,
        _ node: YAMLNode,
        headerLines: [Int]? = nil
    ) -> SectionSyntax? {
        let entries: [(key: YAMLScalar, value: YAMLNode)]
        switch node {
        case .mapping(let mapping, _): entries = mapping
        case .scalar(let scalar) where scalar.isNull: entries = []
        default:
            wrongType(node, expected: "a mapping of settings", what: name.map { "\(kind.rawValue) '\($0.text)'" } ?? "defaults")
            return nil
        }
        var header = [words.keyword(kind.rawValue, at: name ?? key)]
        if let name {
            header.append(words.keyword(name.text, at: name))
        } else if let entry = entries.first(where: { $0.key.text == "name" }), let token = singleWord(entry.value, key: entry.key) {
            header.append(token)
        }
        if let entry = entries.first(where: { $0.key.text == "from" }), let token = singleWord(entry.value, key: entry.key) {
            header += [words.keyword("from", at: entry.key), token]
        }
        for entry in entries where entry.key.text == "name" && kind != .defaults {
            report(.unknownKeyword, "unknown key 'name' in \(kind.rawValue) '\(name?.text ?? "")'", at: entry.key,
                   help: "the name of a \(kind.rawValue) is its key under \(kind == .listen ? "listen" : kind.rawValue + "s")")
        }
        let body = entries.filter { !YAMLKeys.header.contains($0.key.text) }
        let lines = headerLines ?? [(name ?? key).span.line]
        let statement = Statement(words: header, comments: lines.flatMap { comments.take($0) })
        return SectionSyntax(kind: kind, header: statement, statements: readKeys(body, table: YAMLKeys.proxy, in: kind))
    }

    /// The statements of a section's keys, in the table's order.
    private mutating func readKeys(
        _ entries: [(key: YAMLScalar, value: YAMLNode)],
        table: [(key: String, shape: YAMLKeys.Shape)],
        in kind: SectionKind
    ) -> [Statement] {
        var statements: [Statement] = []
        for entry in entries where !table.contains(where: { $0.key == entry.key.text }) {
            statements += readUnknownKey(entry.key, entry.value, table: table, in: kind)
        }
        for (key, shape) in table {
            guard let entry = entries.first(where: { $0.key.text == key }) else { continue }
            let first = statements.count
            let errors = diagnostics.errorCount
            statements += shape == .special ? readSpecial(entry.key, entry.value, in: kind) : read(entry.key, entry.value, shape: shape)
            if statements.count == first, diagnostics.errorCount > errors {
                // Say what the rejected value was about, so that it is not also reported as missing.
                let keyword = entry.key.text.split(separator: " ").map { words.keyword(String($0), at: entry.key) }
                statements.append(Statement(words: keyword, isIncomplete: true))
            }
            if first < statements.count {
                statements[first].comments = comments.take(entry.key.span.line) + statements[first].comments
            }
            // Comments above a sequence item or a mapping entry go with the statement made from it.
            for index in first..<statements.count {
                for line in Set(statements[index].words.map(\.line)).sorted() {
                    statements[index].comments += comments.take(line)
                }
            }
        }
        return statements
    }

    /// A key Ferry's YAML format does not have. An HAProxy keyword (not supported yet, removed, or misplaced) goes
    /// on as a statement so that the same diagnostics as for a .cfg file apply; anything else is an unknown key.
    private mutating func readUnknownKey(
        _ key: YAMLScalar,
        _ value: YAMLNode,
        table: [(key: String, shape: YAMLKeys.Shape)],
        in kind: SectionKind
    ) -> [Statement] {
        let text = key.text
        let isHAProxyKeyword = ProxyKeywords.rules[text] != nil || GlobalKeywords.usage[text] != nil
            || HAProxyVocabulary.proxyKeywords.contains(text) || HAProxyVocabulary.globalKeywords.contains(text)
            || ProxyKeywords.removed[text] != nil || GlobalKeywords.removed[text] != nil
        guard isHAProxyKeyword, text != "server", text != "no" else {
            let candidates = table.map(\.key) + (kind == .defaults ? ["name", "from"] : kind == .global ? [] : ["from"])
            let suggestion = text == "server" ? "servers" : DidYouMean.suggestion(for: text, among: candidates)
            report(.unknownKeyword, "unknown key '\(text)' in \(describe(kind))", at: key,
                   help: suggestion.map { "did you mean '\($0)'?" } ?? "see docs/YAML.md for the keys of each section")
            return []
        }
        var tokens = [words.keyword(text, at: key)]
        if case .scalar(let scalar) = value, !scalar.isNull, scalar.boolean == nil, let line = words.line(scalar, diagnostics: &diagnostics) {
            tokens += line
        }
        return [Statement(words: tokens)]
    }

    /// A key whose value is a word, a line (or a sequence of lines) or a flag.
    private mutating func read(_ key: YAMLScalar, _ value: YAMLNode, shape: YAMLKeys.Shape) -> [Statement] {
        let keyword = key.text.split(separator: " ").map { words.keyword(String($0), at: key) }
        switch shape {
        case .word:
            guard let token = singleWord(value, key: key) else { return [] }
            return [Statement(words: keyword + [token])]
        case .flag:
            guard let on = flag(value, key: key) else { return [] }
            return on ? [Statement(words: keyword)] : []
        case .line, .special:
            return lines(value, key: key).map { Statement(words: keyword + $0) }
        }
    }
}

extension YAMLSectionReader {
    // MARK: Values

    /// The entries of a mapping value; null is an empty mapping. Reports other types.
    mutating func mappingEntries(_ node: YAMLNode, key: YAMLScalar) -> [(key: YAMLScalar, value: YAMLNode)]? {
        switch node {
        case .mapping(let entries, _): return entries
        case .scalar(let scalar) where scalar.isNull: return []
        default:
            wrongType(node, expected: YAMLKeys.expectation(key.text), what: "'\(key.text)'")
            return nil
        }
    }

    /// A scalar read as one word. `expected` describes the value for type errors (by default, from the key).
    mutating func singleWord(_ node: YAMLNode, key: YAMLScalar, expected: String? = nil) -> Token? {
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            wrongType(node, expected: expected ?? YAMLKeys.expectation(key.text), what: "'\(key.text)'")
            return nil
        }
        return words.word(scalar, diagnostics: &diagnostics)
    }

    /// `true` or `false`.
    mutating func flag(_ node: YAMLNode, key: YAMLScalar) -> Bool? {
        guard case .scalar(let scalar) = node, let value = scalar.boolean else {
            wrongType(node, expected: "`true` or `false`", what: "'\(key.text)'")
            return nil
        }
        return value
    }

    /// A line scalar, or a sequence of them: the words of each.
    mutating func lines(_ node: YAMLNode, key: YAMLScalar) -> [[Token]] {
        let items: [YAMLNode]
        if case .sequence(let elements, _) = node { items = elements } else { items = [node] }
        return items.compactMap { item in
            guard case .scalar(let scalar) = item, !scalar.isNull else {
                wrongType(item, expected: "a line of HAProxy words like `\(Self.lineExample(key.text))`", what: "'\(key.text)'")
                return nil
            }
            return words.line(scalar, diagnostics: &diagnostics)
        }
    }

    static func lineExample(_ key: String) -> String {
        switch key {
        case "balance": "roundrobin"
        case "log": "stdout format raw local0"
        case "option": "httplog"
        case "bind": "*:8080"
        case "servers": "s1 10.0.0.1:80 check"
        case "http-request": "set-header X-Forwarded-Proto https"
        case "use_backend": "api if is_api"
        default: "…"
        }
    }

    var tokens: YAMLWords { words }

    // MARK: Reporting

    mutating func report(_ code: DiagnosticCode, _ message: String, at scalar: YAMLScalar, help: String? = nil) {
        diagnostics.report(code, message, at: location(scalar.span), help: help)
    }

    mutating func wrongType(_ node: YAMLNode, expected: String, what: String) {
        diagnostics.report(.yamlWrongType, "\(what): expected \(expected), got \(node.kindDescription)", at: location(node.span))
    }

    func location(_ span: YAMLSpan) -> SourceLocation {
        SourceLocation(
            path: words.path, line: span.line, column: span.column, endLine: span.line,
            endColumn: span.line == span.endLine ? max(span.endColumn, span.column + 1) : span.column + 1
        )
    }

    func describe(_ kind: SectionKind) -> String {
        kind == .global ? "the global section" : "a \(kind.rawValue) section"
    }

    private mutating func reportUnknownTopLevel(_ key: YAMLScalar) {
        if SectionKind.unsupported[key.text] != nil {
            report(.unsupportedKeyword, "section '\(key.text)' is not supported by ferry yet", at: key)
            return
        }
        let suggestion = DidYouMean.suggestion(for: key.text, among: YAMLKeys.topLevel)
            ?? YAMLKeys.topLevel.first { $0.hasPrefix(key.text) && key.text.count >= 3 }
        report(.unknownKeyword, "unknown top-level key '\(key.text)'", at: key,
               help: suggestion.map { "did you mean '\($0)'?" } ?? "the top-level keys are \(YAMLKeys.topLevel.joined(separator: ", "))")
    }
}
