import FerryDiagnostics

/// The keys whose values have a structure of their own: mappings (`timeout`, `acl`, `errorfile`, `stats`) and
/// mapping forms of lines (`servers`, `bind`, rules, `cookie`).
extension YAMLSectionReader {
    mutating func readSpecial(_ key: YAMLScalar, _ value: YAMLNode, in kind: SectionKind) -> [Statement] {
        let keyword = tokens.keyword(key.text, at: key)
        switch key.text {
        case "timeout":
            return keyedWords(key, value, prefix: [keyword])
        case "errorfile":
            return keyedWords(key, value, prefix: [keyword])
        case "acl":
            guard let entries = mappingEntries(value, key: key) else { return [] }
            return entries.flatMap { entry in
                let above = comments.take(entry.key.span.line)
                return lines(entry.value, key: key).enumerated().map { index, words in
                    Statement(words: [keyword, tokens.keyword(entry.key.text, at: entry.key)] + words, comments: index == 0 ? above : [])
                }
            }
        case "stats":
            return readStats(key, value)
        case "option":
            if case .mapping(let entries, _) = value {
                return entries.compactMap { readOptionEntry($0.key, $0.value, keyword: keyword) }
            }
            return lines(value, key: key).map { Statement(words: [keyword] + $0) }
        case "servers":
            return items(value, key: key).compactMap { readServer($0, key: key) }
        case "default-server", "cookie", "bind":
            return items(value, key: key).compactMap { item in
                guard case .mapping(let entries, _) = item else {
                    return lines(item, key: key).first.map { Statement(words: [keyword] + $0) }
                }
                return Statement(words: [keyword] + readOptionMapping(entries, leading: key.text == "bind" ? ["address"] : ["name", "mode"]))
            }
        case "http-request", "http-response", "use_backend", "http-check":
            return items(value, key: key).flatMap { item -> [Statement] in
                guard case .mapping(let entries, _) = item else {
                    return lines(item, key: key).map { Statement(words: [keyword] + $0) }
                }
                return readRuleMapping(entries, keyword: keyword, key: key)
            }
        default:
            return []
        }
    }

    /// The elements of a sequence, or the value itself.
    private func items(_ node: YAMLNode, key: YAMLScalar) -> [YAMLNode] {
        if case .sequence(let elements, _) = node { return elements }
        return [node]
    }

    /// `{KEY: WORD, …}` → `keyword KEY WORD` for each entry (`timeout`, `errorfile`).
    private mutating func keyedWords(_ key: YAMLScalar, _ value: YAMLNode, prefix: [Token]) -> [Statement] {
        guard let entries = mappingEntries(value, key: key) else { return [] }
        return entries.compactMap { entry in
            let expected = key.text == "timeout" ? "a duration like `5s`" : "a file path like `errors/503.http`"
            let name = tokens.keyword(entry.key.text, at: entry.key)
            guard let word = singleWord(entry.value, key: entry.key, expected: expected) else {
                return Statement(words: prefix + [name], isIncomplete: true)
            }
            return Statement(words: prefix + [name, word], comments: comments.take(entry.key.span.line))
        }
    }

    /// `stats: {enable: true, uri: /stats, auth: [a:b, c:d], socket: …}`.
    private mutating func readStats(_ key: YAMLScalar, _ value: YAMLNode) -> [Statement] {
        guard let entries = mappingEntries(value, key: key) else { return [] }
        let keyword = tokens.keyword("stats", at: key)
        var statements: [Statement] = []
        for entry in entries {
            let sub = tokens.keyword(entry.key.text, at: entry.key)
            let first = statements.count
            defer {
                if first < statements.count { statements[first].comments = comments.take(entry.key.span.line) }
            }
            switch YAMLKeys.stats.first(where: { $0.key == entry.key.text })?.shape {
            case .flag:
                if flag(entry.value, key: entry.key) == true { statements.append(Statement(words: [keyword, sub])) }
            case .word:
                for item in items(entry.value, key: entry.key) {
                    if let word = singleWord(item, key: entry.key) { statements.append(Statement(words: [keyword, sub, word])) }
                }
            case .line:
                statements += lines(entry.value, key: entry.key).map { Statement(words: [keyword, sub] + $0) }
            case .special, nil:
                // Not a stats key of the YAML format: the reader reports it as for `stats NAME` in a .cfg file.
                statements.append(Statement(words: [keyword, sub]))
            }
        }
        return statements
    }

    /// `option: {httplog: true, dontlognull: false, httpchk: GET /health}`.
    private mutating func readOptionEntry(_ name: YAMLScalar, _ value: YAMLNode, keyword: Token) -> Statement? {
        let option = tokens.keyword(name.text, at: name)
        if case .scalar(let scalar) = value, let on = scalar.boolean {
            return Statement(words: on ? [keyword, option] : [tokens.keyword("no", at: name), keyword, option])
        }
        guard let arguments = lines(value, key: name).first else { return nil }
        return Statement(words: [keyword, option] + arguments)
    }

    /// A mapping of options: the `leading` keys first as bare words (a bind's address, a cookie's name and mode),
    /// then `true` → `OPTION`, a value → `OPTION VALUE`, `false` → nothing.
    private mutating func readOptionMapping(_ entries: [(key: YAMLScalar, value: YAMLNode)], leading: [String]) -> [Token] {
        var words: [Token] = []
        for name in leading {
            guard let entry = entries.first(where: { $0.key.text == name }) else { continue }
            if let word = singleWord(entry.value, key: entry.key) { words.append(word) }
        }
        for entry in entries where !leading.contains(entry.key.text) {
            let option = tokens.keyword(entry.key.text, at: entry.key)
            if case .scalar(let scalar) = entry.value, let on = scalar.boolean {
                if on { words.append(option) }
            } else if let word = singleWord(entry.value, key: entry.key) {
                words += [option, word]
            }
        }
        return words
    }

    /// A `servers` element: a line, `{name: …, address: …, OPTION: …}`, or `{default-server: …}` (which keeps its
    /// place among the servers: it applies to the ones after it).
    private mutating func readServer(_ item: YAMLNode, key: YAMLScalar) -> Statement? {
        guard case .mapping(let entries, let span) = item else {
            return lines(item, key: key).first.map { Statement(words: [tokens.keyword("server", at: scalarKey(key, item.span))] + $0) }
        }
        if entries.count == 1, entries[0].key.text == "default-server" {
            let keyword = tokens.keyword("default-server", at: entries[0].key)
            if case .mapping(let options, _) = entries[0].value {
                return Statement(words: [keyword] + readOptionMapping(options, leading: []))
            }
            return lines(entries[0].value, key: entries[0].key).first.map { Statement(words: [keyword] + $0) }
        }
        for required in ["name", "address"] where !entries.contains(where: { $0.key.text == required }) {
            diagnostics.report(.missingArgument, "a server needs '\(required)'", at: location(span),
                               help: "write `{name: s1, address: 10.0.0.1:80}` or a line `s1 10.0.0.1:80 check`")
            return nil
        }
        let keyword = tokens.keyword("server", at: entries[0].key)
        return Statement(words: [keyword] + readOptionMapping(entries, leading: ["name", "address"]))
    }

    /// A rule as a mapping: `{ACTION: ARGUMENTS, if: CONDITION}` (`true` for an action without arguments),
    /// `{backend: api, if: is_api}` for `use_backend`, `{send: …, expect: …}` for `http-check`.
    private mutating func readRuleMapping(_ entries: [(key: YAMLScalar, value: YAMLNode)], keyword: Token, key: YAMLScalar) -> [Statement] {
        if key.text == "http-check" {
            return entries.flatMap { entry in
                lines(entry.value, key: entry.key).map { Statement(words: [keyword, tokens.keyword(entry.key.text, at: entry.key)] + $0) }
            }
        }
        let conditions = entries.filter { $0.key.text == "if" || $0.key.text == "unless" }
        let actions = entries.filter { $0.key.text != "if" && $0.key.text != "unless" }
        guard actions.count == 1, conditions.count <= 1 else {
            let span = (actions.count > 1 ? actions[1].key : entries.first?.key)?.span
            diagnostics.report(
                .yamlWrongType, "a rule mapping has one action and at most one 'if' or 'unless'",
                at: span.map(location) ?? location(key.span),
                help: key.text == "use_backend" ? "write `{backend: api, if: is_api}`" : "write `{set-header: X-Env prod, if: is_api}` or a line `set-header X-Env prod if is_api`"
            )
            return []
        }
        let action = actions[0]
        var words = [keyword]
        if key.text == "use_backend" {
            guard action.key.text == "backend" else {
                report(.unknownKeyword, "unknown key '\(action.key.text)' in a use_backend rule", at: action.key, help: "write `{backend: api, if: is_api}`")
                return []
            }
            guard let backend = singleWord(action.value, key: action.key) else { return [] }
            words.append(backend)
        } else {
            words.append(tokens.keyword(action.key.text, at: action.key))
            if case .scalar(let scalar) = action.value, scalar.boolean == true || scalar.isNull {
                // An action without arguments.
            } else {
                guard let arguments = lines(action.value, key: action.key).first else { return [] }
                words += arguments
            }
        }
        if let condition = conditions.first {
            guard let terms = lines(condition.value, key: condition.key).first else { return [] }
            words += [tokens.keyword(condition.key.text, at: condition.key)] + terms
        }
        return [Statement(words: words)]
    }

    private func scalarKey(_ key: YAMLScalar, _ span: YAMLSpan) -> YAMLScalar {
        YAMLScalar(text: key.text, style: .plain, span: span)
    }
}
