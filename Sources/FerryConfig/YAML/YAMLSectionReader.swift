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
                var recovered: [(key: YAMLScalar, value: YAMLNode)] = []
                for entry in entries where !YAMLKeys.topLevel.contains(entry.key.text) && !entry.key.text.hasPrefix(YAMLKeys.extensionPrefix) {
                    // A misspelt key (`backend:`) is reported, then read as what it most likely means, so that
                    // the proxies under it are not also reported as missing.
                    if let meant = reportUnknownTopLevel(entry.key), !entries.contains(where: { $0.key.text == meant }) {
                        var key = entry.key
                        key.text = meant
                        recovered.append((key, entry.value))
                    }
                }
                for name in YAMLKeys.topLevel {
                    guard let entry = (entries + recovered).first(where: { $0.key.text == name }) else { continue }
                    if ["frontends", "backends", "listen"].contains(name) {
                        // Comments above a group key go with its first proxy.
                        comments.prepend(comments.take(entry.key.span.line), before: Self.firstLine(of: entry.value))
                    }
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
            // The proxy still exists (references to it resolve), with its settings marked as rejected.
            guard let name else { return nil }
            let header = Statement(words: [words.keyword(kind.rawValue, at: name), words.keyword(name.text, at: name)])
            let rejected = ["mode", "bind", "server", "timeout", "defaults"].map { Statement(words: [words.keyword($0, at: name)], isIncomplete: true) }
            return SectionSyntax(kind: kind, header: header, statements: rejected)
        }
        var header = [words.keyword(kind.rawValue, at: name ?? key)]
        if let name {
            header.append(words.keyword(name.text, at: name))
        } else if let entry = entries.first(where: { $0.key.text == "name" }), let token = singleWord(entry.value, key: entry.key) {
            header.append(token)
        }
        var rejectedHeader: [Statement] = []
        if let entry = entries.first(where: { $0.key.text == "from" }) {
            if let token = singleWord(entry.value, key: entry.key) {
                header += [words.keyword("from", at: entry.key), token]
            } else {
                rejectedHeader.append(Statement(words: [words.keyword("defaults", at: entry.key)], isIncomplete: true))
            }
        }
        for entry in entries where entry.key.text == "name" && kind != .defaults {
            report(.unknownKeyword, "unknown key 'name' in \(kind.rawValue) '\(name?.text ?? "")'", at: entry.key,
                   help: "the name of a \(kind.rawValue) is its key under \(kind == .listen ? "listen" : kind.rawValue + "s")")
        }
        let body = entries.filter { !YAMLKeys.header.contains($0.key.text) }
        let lines = headerLines ?? [(name ?? key).span.line]
        let statement = Statement(words: header, comments: lines.flatMap { comments.take($0) })
        return SectionSyntax(kind: kind, header: statement, statements: rejectedHeader + readKeys(body, table: YAMLKeys.proxy, in: kind))
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
            if statements.count == first, diagnostics.errorCount > errors || Self.hasUnsupportedTag(entry.value) {
                // Say what the rejected value was about, so that it is not also reported as missing.
                let text = entry.key.text == "servers" ? "server" : entry.key.text
                let keyword = text.split(separator: " ").map { words.keyword(String($0), at: entry.key) }
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
            if text == "<<" {
                report(.unsupportedKeyword, "YAML merge keys ('<<') are not supported", at: key,
                       help: "repeat the settings, anchor whole values (`timeout: &t {…}` … `timeout: *t`), or use a named defaults section with `from`")
                return []
            }
            let candidates = table.map(\.key) + (kind == .defaults ? ["name", "from"] : kind == .global ? [] : ["from"])
            let suggestion = text == "server" ? "servers" : DidYouMean.suggestion(for: text, among: candidates)
            report(.unknownKeyword, "unknown key '\(text)' in \(describe(kind))", at: key,
                   help: suggestion.map { "did you mean '\($0)'?" } ?? "see docs/YAML.md for the keys of each section")
            // What it most likely meant is noted as rejected, so that it is not also reported as missing.
            guard let meant = suggestion else { return [] }
            let keyword = (meant == "servers" ? "server" : meant).split(separator: " ").map { words.keyword(String($0), at: key) }
            return [Statement(words: keyword, isIncomplete: true)]
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
            return lineStatements(value, key: key, keyword: key.text)
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
            if case .scalar(let scalar) = node, ["true", "false", "yes", "no", "on", "off"].contains(scalar.text.lowercased()) {
                diagnostics.report(
                    .yamlWrongType, "'\(key.text)': expected `true` or `false`, got the string '\(scalar.text)'",
                    at: location(scalar.span), help: "write true or false without quotes (yes and no are not booleans here)"
                )
                return nil
            }
            wrongType(node, expected: "`true` or `false`", what: "'\(key.text)'")
            return nil
        }
        return value
    }

    /// A line scalar, or a sequence of them: each scalar with its words. Nested sequences are type errors.
    mutating func lines(_ node: YAMLNode, key: YAMLScalar) -> [(scalar: YAMLScalar, words: [Token])] {
        let items: [YAMLNode]
        if case .sequence(let elements, _) = node { items = elements } else { items = [node] }
        return items.compactMap { item in
            guard case .scalar(let scalar) = item, !scalar.isNull else {
                wrongType(item, expected: "a line of HAProxy words like `\(Self.lineExample(key.text))`", what: "'\(key.text)'")
                return nil
            }
            return words.line(scalar, diagnostics: &diagnostics).map { (scalar, $0) }
        }
    }

    /// One line scalar (not a sequence): its words.
    mutating func line(_ node: YAMLNode, key: YAMLScalar) -> [Token]? {
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            wrongType(node, expected: "a line of HAProxy words like `\(Self.lineExample(key.text))`", what: "'\(key.text)'")
            return nil
        }
        return words.line(scalar, diagnostics: &diagnostics)
    }

    /// One statement per line, the keyword placed at its line so that each statement has its own origin.
    mutating func lineStatements(_ node: YAMLNode, key: YAMLScalar, keyword: String, prefix: [Token] = []) -> [Statement] {
        lines(node, key: key).map { scalar, words in
            Statement(words: keyword.split(separator: " ").map { tokens.keyword(String($0), at: scalar) } + prefix + words)
        }
    }

    static func lineExample(_ key: String) -> String {
        switch key {
        case "balance": "roundrobin"
        case "hash-type": "consistent sdbm"
        case "log": "stdout format raw local0"
        case "option": "httplog"
        case "no option": "dontlognull"
        case "bind": "*:8080"
        case "servers", "server": "s1 10.0.0.1:80 check"
        case "default-server": "inter 3s rise 2"
        case "cookie": "SERVERID insert indirect nocache"
        case "http-request": "set-header X-Forwarded-Proto https"
        case "http-response": "del-header Server"
        case "http-check": "expect status 200"
        case "use_backend": "api if is_api"
        case "if", "unless": "is_api"
        case "socket": "/run/ferry.sock mode 600"
        default: "\(key) VALUE"
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

    /// Reports an unknown top-level key; returns the key it most likely means, if any.
    private mutating func reportUnknownTopLevel(_ key: YAMLScalar) -> String? {
        if SectionKind.unsupported[key.text] != nil {
            report(.unsupportedKeyword, "section '\(key.text)' is not supported by ferry yet", at: key)
            return nil
        }
        let suggestion = DidYouMean.suggestion(for: key.text, among: YAMLKeys.topLevel)
            ?? YAMLKeys.topLevel.first { $0.hasPrefix(key.text) && key.text.count >= 3 }
        report(.unknownKeyword, "unknown top-level key '\(key.text)'", at: key,
               help: suggestion.map { "did you mean '\($0)'?" } ?? "the top-level keys are \(YAMLKeys.topLevel.joined(separator: ", "))")
        return suggestion
    }

    /// Whether a value holds a scalar whose tag was refused (reported by the parser).
    static func hasUnsupportedTag(_ node: YAMLNode) -> Bool {
        switch node {
        case .scalar(let scalar): scalar.hasUnsupportedTag
        case .sequence(let items, _): items.contains(where: hasUnsupportedTag)
        case .mapping(let entries, _): entries.contains { hasUnsupportedTag($0.value) }
        }
    }

    /// The line of the first key or item of a collection (where the first section of a group starts).
    static func firstLine(of node: YAMLNode) -> Int {
        switch node {
        case .mapping(let entries, let span): entries.first?.key.span.line ?? span.line
        case .sequence(let items, let span): items.first?.span.line ?? span.line
        case .scalar(let scalar): scalar.span.line
        }
    }
}
