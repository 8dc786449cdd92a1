import FerryDiagnostics
import FerryModel

/// Reads sections into drafts: checks keywords, arity and values, and reports every problem it finds.
///
/// The reader works statement by statement and never stops at the first problem; a statement with an error is
/// dropped (or its bad part left unset) so that later stages see a consistent draft.
struct ConfigReader {
    var diagnostics: DiagnosticCollector
    let environment: [String: String]
    /// Reads files a configuration names (`errorfile`); injected so tests need no files on disk.
    let fileReader: @Sendable (String) -> [UInt8]?

    init(diagnostics: DiagnosticCollector, environment: [String: String], fileReader: @escaping @Sendable (String) -> [UInt8]?) {
        self.diagnostics = diagnostics
        self.environment = environment
        self.fileReader = fileReader
    }

    // MARK: Reporting

    mutating func report(_ problem: ValueProblem, at token: Token, label: String? = nil) {
        diagnostics.report(problem.code, problem.message, at: token.location, label: label, help: problem.help)
    }

    mutating func report(
        _ code: DiagnosticCode,
        _ message: String,
        at location: SourceLocation,
        label: String? = nil,
        notes: [Diagnostic.Note] = [],
        help: String? = nil
    ) {
        diagnostics.report(code, message, at: location, label: label, notes: notes, help: help)
    }

    /// Parses a word, reporting the problem at the word if it is invalid.
    mutating func parse<Value>(_ token: Token, label: String? = nil, _ body: (String) throws(ValueProblem) -> Value) -> Value? {
        do {
            return try body(token.text)
        } catch {
            report(error, at: token, label: label)
            return nil
        }
    }

    mutating func integer(_ token: Token, in range: ClosedRange<Int>, what: String) -> Int? {
        parse(token) { text throws(ValueProblem) in try Numbers.integer(text, in: range, what: what) }
    }

    mutating func time(_ token: Token, what: String) -> Duration? {
        parse(token) { text throws(ValueProblem) in try TimeValue.parse(text, what: what) }
    }

    // MARK: Arity

    /// Checks that a statement has between `minimum` and `maximum` arguments (after `skipping` leading words besides
    /// the keyword, for two-word keywords like `timeout client`). Reports and returns `false` otherwise.
    mutating func expectArguments(
        _ statement: Statement,
        _ count: ClosedRange<Int>,
        skipping: Int = 0,
        usage: String
    ) -> Bool {
        let words = statement.words
        let given = words.count - 1 - skipping
        let name = words.prefix(1 + skipping).map(\.text).joined(separator: " ")
        if given < count.lowerBound {
            let expected = count.lowerBound == 1 ? "an argument" : "\(count.lowerBound) arguments"
            report(
                .missingArgument, "'\(name)' expects \(expected)",
                at: statement.location, help: "usage: \(usage)"
            )
            return false
        }
        if given > count.upperBound {
            let extra = words[1 + skipping + count.upperBound]
            report(
                .unexpectedArgument, "unexpected argument '\(extra.text)' for '\(name)'",
                at: extra.location(through: words[words.count - 1]), label: "not expected",
                help: "usage: \(usage)" + (extra.text.contains(" ") ? "" : "; quote a value that contains spaces")
            )
            return false
        }
        return true
    }

    /// The origin of a value set by `tokens` in the section being read.
    func declared(_ first: Token, through last: Token? = nil) -> Origin {
        .declared(first.configLocation(through: last ?? first))
    }

    func declared(_ statement: Statement) -> Origin {
        .declared(statement.configLocation)
    }

    /// Warns when a single-valued setting is set again in the same section; the later line wins.
    mutating func warnIfRepeated<Value>(_ existing: Sourced<Value>?, _ statement: Statement, name: String? = nil) {
        guard let existing, case .declared(let location) = existing.origin else { return }
        let setting = name ?? statement.keyword.text
        report(
            .settingRepeated, "'\(setting)' is already set at \(location.fileAndLine); this line overrides it",
            at: statement.location, notes: [Diagnostic.Note("first set here", at: location.sourceLocation)],
            help: "keep one of the two lines"
        )
    }

    // MARK: Unknown and unsupported words

    /// Reports a word that is not a supported keyword: removed from HAProxy, not supported by Ferry yet, or unknown
    /// (with the closest of `candidates`).
    mutating func reportUnrecognized(
        _ token: Token,
        kind: String,
        context: String,
        candidates: some Sequence<String>,
        unsupported: Set<String>,
        removed: [String: String] = [:],
        extraHelp: String? = nil
    ) {
        let word = token.text
        if let replacement = removed[word] {
            report(.removedKeyword, "\(kind) '\(word)' was removed from HAProxy", at: token.location, help: replacement)
        } else if unsupported.contains(word) || unsupported.contains(Self.baseName(word)) {
            report(
                .unsupportedKeyword, "\(kind) '\(word)' is not supported by ferry yet",
                at: token.location, help: extraHelp
            )
        } else {
            let suggestion = DidYouMean.suggestion(for: word, among: candidates)
            report(
                .unknownKeyword, "unknown \(kind) '\(word)'" + (context.isEmpty ? "" : " \(context)"),
                at: token.location,
                help: suggestion.map { "did you mean '\($0)'?" } ?? extraHelp
            )
        }
    }

    /// `set-var(txn.foo)` → `set-var`, `hdr(host)` → `hdr`, `track-sc0` stays.
    static func baseName(_ word: String) -> String {
        guard let paren = word.firstIndex(of: "(") else { return word }
        return String(word[..<paren])
    }
}
