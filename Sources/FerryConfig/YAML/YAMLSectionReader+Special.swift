import FerryDiagnostics

/// The keys whose values have a structure of their own: mappings (`timeout`, `acl`, `errorfile`, `stats`) and
/// mapping forms of lines (`servers`, `bind`, rules, `cookie`).
extension YAMLSectionReader {
    mutating func readSpecial(_ key: YAMLScalar, _ value: YAMLNode, in kind: SectionKind) -> [Statement] {
        switch key.text {
        case "timeout", "errorfile":
            return keyedWords(key, value)
        case "acl":
            if case .mapping = value {} else if case .scalar(let scalar) = value, scalar.isNull {} else {
                // Lines `NAME FETCH PATTERN…`, as in a .cfg file.
                return lineStatements(value, key: key, keyword: "acl")
            }
            guard let entries = mappingEntries(value, key: key) else { return [] }
            return entries.flatMap { entry in
                lineStatements(entry.value, key: key, keyword: "acl", prefix: [tokens.keyword(entry.key.text, at: entry.key)])
            }
        case "stats":
            return readStats(key, value)
        case "option":
            if case .mapping(let entries, _) = value {
                return entries.compactMap { readOptionEntry($0.key, $0.value) }
            }
            return lineStatements(value, key: key, keyword: "option")
        case "servers":
            return readServers(key, value)
        case "default-server", "cookie", "bind":
            let required = key.text == "bind" ? ["address"] : key.text == "cookie" ? ["name"] : []
            let leading = key.text == "bind" ? ["address"] : key.text == "cookie" ? ["name", "mode"] : []
            return items(value).flatMap { item -> [Statement] in
                guard case .mapping(let entries, let span) = item else { return itemStatement(item, key: key, keyword: key.text) }
                let keyword = tokens.keyword(key.text, at: entries.first?.key ?? key)
                guard let words = readOptionMapping(entries, leading: leading, required: required, what: key.text, span: span) else {
                    return [Statement(words: [keyword], isIncomplete: true)]
                }
                return [Statement(words: [keyword] + words)]
            }
        case "http-request", "http-response", "use_backend", "http-check":
            return items(value).flatMap { item -> [Statement] in
                guard case .mapping(let entries, _) = item else { return itemStatement(item, key: key, keyword: key.text) }
                return readRuleMapping(entries, key: key)
            }
        default:
            return []
        }
    }

    /// One element of a sequence, which must be a line (a nested sequence is a type error, not more lines).
    private mutating func itemStatement(_ item: YAMLNode, key: YAMLScalar, keyword: String) -> [Statement] {
        guard let words = line(item, key: key), case .scalar(let scalar) = item else { return [] }
        return [Statement(words: [tokens.keyword(keyword, at: scalar)] + words)]
    }

    /// The elements of a sequence, or the value itself.
    private func items(_ node: YAMLNode) -> [YAMLNode] {
        if case .sequence(let elements, _) = node { return elements }
        return [node]
    }

    /// `{KEY: WORD, …}` → `timeout KEY WORD` / `errorfile KEY WORD` for each entry.
    private mutating func keyedWords(_ key: YAMLScalar, _ value: YAMLNode) -> [Statement] {
        guard let entries = mappingEntries(value, key: key) else { return [] }
        let expected = key.text == "timeout" ? "a duration like `5s`" : "a file path like `errors/503.http`"
        return entries.map { entry in
            let keyword = tokens.keyword(key.text, at: entry.key)
            let name = tokens.keyword(entry.key.text, at: entry.key)
            guard let word = singleWord(entry.value, key: entry.key, expected: expected) else {
                return Statement(words: [keyword, name], isIncomplete: true)
            }
            return Statement(words: [keyword, name, word])
        }
    }

    /// `stats: {enable: true, uri: /stats, auth: [a:b, c:d], socket: …}`.
    private mutating func readStats(_ key: YAMLScalar, _ value: YAMLNode) -> [Statement] {
        guard let entries = mappingEntries(value, key: key) else { return [] }
        var statements: [Statement] = []
        for entry in entries {
            let keyword = tokens.keyword("stats", at: entry.key)
            let sub = tokens.keyword(entry.key.text, at: entry.key)
            switch YAMLKeys.stats.first(where: { $0.key == entry.key.text })?.shape {
            case .flag:
                if flag(entry.value, key: entry.key) == true { statements.append(Statement(words: [keyword, sub])) }
            case .word:
                for item in items(entry.value) {
                    if let word = singleWord(item, key: entry.key) { statements.append(Statement(words: [keyword, sub, word])) }
                }
            case .line:
                statements += lineStatements(entry.value, key: entry.key, keyword: "stats", prefix: [sub])
            case .special, nil:
                // Not a stats key of the YAML format: the reader reports it as for `stats NAME` in a .cfg file.
                statements.append(Statement(words: [keyword, sub]))
            }
        }
        return statements
    }

    /// `option: {httplog: true, dontlognull: false, httpchk: GET /health}`.
    private mutating func readOptionEntry(_ name: YAMLScalar, _ value: YAMLNode) -> Statement? {
        let keyword = tokens.keyword("option", at: name)
        let option = tokens.keyword(name.text, at: name)
        if case .scalar(let scalar) = value, let on = scalar.boolean {
            return Statement(words: on ? [keyword, option] : [tokens.keyword("no", at: name), keyword, option])
        }
        guard let arguments = line(value, key: name) else { return nil }
        return Statement(words: [keyword, option] + arguments)
    }

    /// A mapping of options: the `leading` keys first as bare words (a bind's address, a cookie's name and mode),
    /// then `true` → `OPTION`, a value → `OPTION VALUE`, `false` → nothing. `nil` when a required key is missing or
    /// a value has the wrong type (reported).
    private mutating func readOptionMapping(
        _ entries: [(key: YAMLScalar, value: YAMLNode)],
        leading: [String],
        required: [String],
        what: String,
        span: YAMLSpan
    ) -> [Token]? {
        for name in required where !entries.contains(where: { $0.key.text == name }) {
            diagnostics.report(
                .missingArgument, "a \(what) needs '\(name)'", at: location(span),
                help: "write it as a mapping with `\(name)`, or as a line like `\(Self.lineExample(what))`"
            )
            return nil
        }
        var words: [Token] = []
        var valid = true
        for name in leading {
            guard let entry = entries.first(where: { $0.key.text == name }) else { continue }
            if let word = singleWord(entry.value, key: entry.key) { words.append(word) } else { valid = false }
        }
        for entry in entries where !leading.contains(entry.key.text) {
            let option = tokens.keyword(entry.key.text, at: entry.key)
            guard case .scalar(let scalar) = entry.value, !scalar.isNull else {
                wrongType(entry.value, expected: "`true`, `false` or a single value", what: "'\(entry.key.text)'")
                valid = false
                continue
            }
            if let on = scalar.boolean {
                if on { words.append(option) }
            } else if ["true", "false", "yes", "no", "on", "off"].contains(scalar.text.lowercased()) {
                diagnostics.report(
                    .yamlWrongType, "'\(entry.key.text)': expected `true` or `false`, got the string '\(scalar.text)'",
                    at: location(scalar.span), help: "write true or false without quotes (yes and no are not booleans here)"
                )
                valid = false
            } else if let word = tokens.word(scalar, diagnostics: &diagnostics) {
                words += [option, word]
            }
        }
        return valid ? words : nil
    }

    /// `servers:` — a sequence of lines, `{name: …, address: …, OPTION: …}` mappings, and `{default-server: …}`
    /// mappings (which keep their place among the servers: they apply to the ones after them).
    private mutating func readServers(_ key: YAMLScalar, _ value: YAMLNode) -> [Statement] {
        let elements: [YAMLNode]
        switch value {
        case .sequence(let items, _): elements = items
        case .scalar(let scalar) where scalar.isNull: elements = []
        case .scalar: elements = [value]
        case .mapping(let entries, _) where entries.contains(where: { $0.key.text == "name" || $0.key.text == "address" }):
            // One server written as a mapping.
            elements = [value]
        case .mapping:
            wrongType(value, expected: "a sequence of servers like `- s1 10.0.0.1:80 check`", what: "'servers'")
            return [Statement(words: [tokens.keyword("server", at: key)], isIncomplete: true)]
        }
        return elements.map { item -> Statement in
            guard case .mapping(let entries, let span) = item else {
                return itemStatement(item, key: key, keyword: "server").first
                    ?? Statement(words: [tokens.keyword("server", at: key)], isIncomplete: true)
            }
            if entries.count == 1, entries[0].key.text == "default-server" {
                let keyword = tokens.keyword("default-server", at: entries[0].key)
                if case .mapping(let options, let optionsSpan) = entries[0].value {
                    let words = readOptionMapping(options, leading: [], required: [], what: "default-server", span: optionsSpan)
                    return words.map { Statement(words: [keyword] + $0) } ?? Statement(words: [keyword], isIncomplete: true)
                }
                return line(entries[0].value, key: entries[0].key).map { Statement(words: [keyword] + $0) }
                    ?? Statement(words: [keyword], isIncomplete: true)
            }
            let keyword = tokens.keyword("server", at: entries.first?.key ?? key)
            guard let words = readOptionMapping(entries, leading: ["name", "address"], required: ["name", "address"], what: "server", span: span)
            else { return Statement(words: [keyword], isIncomplete: true) }
            return Statement(words: [keyword] + words)
        }
    }

    /// A rule as a mapping: `{ACTION: ARGUMENTS, if: CONDITION}` (`true` for an action without arguments),
    /// `{backend: api, if: is_api}` for `use_backend`, `{send: …, expect: …}` for `http-check`.
    private mutating func readRuleMapping(_ entries: [(key: YAMLScalar, value: YAMLNode)], key: YAMLScalar) -> [Statement] {
        if key.text == "http-check" {
            return entries.flatMap { entry in
                lineStatements(entry.value, key: entry.key, keyword: "http-check", prefix: [tokens.keyword(entry.key.text, at: entry.key)])
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
        var words = [tokens.keyword(key.text, at: action.key)]
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
                guard let arguments = line(action.value, key: action.key) else { return [] }
                words += arguments
            }
        }
        if let condition = conditions.first {
            guard let terms = line(condition.value, key: condition.key) else { return [] }
            words += [tokens.keyword(condition.key.text, at: condition.key)] + terms
        }
        return [Statement(words: words)]
    }
}
