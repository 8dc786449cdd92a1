/// The stable identifier of every kind of problem Ferry reports.
///
/// Codes never change meaning once released: CI filters, editor integrations and `docs/DIAGNOSTICS.md` refer to
/// them. `E` codes are errors, `W` codes warnings. The hundreds group them: `0` input and lexing, `1` structure and
/// keywords, `2` references between sections, `3` values.
public enum DiagnosticCode: String, Sendable, Hashable, CaseIterable, Codable {
    // Input and lexing.
    case pathNotFound = "E0001"
    case unreadableFile = "E0002"
    case noConfigurationFiles = "E0003"
    case binaryContent = "E0004"
    case unterminatedQuote = "E0010"
    case invalidEscape = "E0011"
    case invalidVariable = "E0012"
    case tooManyWords = "E0013"

    // Structure and keywords.
    case unknownKeyword = "E0101"
    case unsupportedKeyword = "E0102"
    case removedKeyword = "E0103"
    case keywordOutsideSection = "E0104"
    case keywordNotAllowed = "E0105"
    case missingArgument = "E0106"
    case unexpectedArgument = "E0107"
    case unknownArgument = "E0108"
    case missingSectionName = "E0109"
    case invalidName = "E0110"
    case duplicateProxy = "E0111"
    case duplicateServer = "E0112"
    case unknownDefaults = "E0113"
    case conflictingSettings = "E0114"
    case invalidCondition = "E0115"

    // References.
    case undefinedBackend = "E0201"
    case undeclaredACL = "E0202"
    case modeMismatch = "E0203"

    // Values.
    case invalidInteger = "E0301"
    case valueOutOfRange = "E0302"
    case invalidTime = "E0303"
    case timeOverflow = "E0304"
    case invalidSize = "E0305"
    case invalidPort = "E0306"
    case invalidAddress = "E0307"
    case invalidValue = "E0308"
    case invalidRegex = "E0309"
    case invalidStatus = "E0310"
    case invalidHeaderName = "E0311"
    case unreadableReferencedFile = "E0312"
    case invalidErrorFile = "E0313"

    // Warnings.
    case ignoredKeyword = "W0001"
    case ignoredWithoutCapability = "W0002"
    case settingRepeated = "W0003"
    case textAfterCarriageReturn = "W0004"
    case frontendWithoutBind = "W0101"
    case missingTimeout = "W0102"
    case httpOnlyInTCPMode = "W0103"
    case httpCheckWithoutHTTPChk = "W0104"
    case duplicateBind = "W0105"
    case backendWithoutServers = "W0106"
    case ruleNeverMatches = "W0107"
    case serverWithoutCookie = "W0108"

    public var severity: Severity {
        rawValue.hasPrefix("W") ? .warning : .error
    }

    /// A short name for the kind of problem, used as the rule description in SARIF and in the docs.
    public var title: String {
        switch self {
        case .pathNotFound: "configuration path not found"
        case .unreadableFile: "configuration file cannot be read"
        case .noConfigurationFiles: "directory holds no configuration files"
        case .binaryContent: "file is not text"
        case .unterminatedQuote: "unterminated quote"
        case .invalidEscape: "invalid escape sequence"
        case .invalidVariable: "invalid environment variable reference"
        case .tooManyWords: "too many words on a line"
        case .unknownKeyword: "unknown keyword"
        case .unsupportedKeyword: "not supported by ferry yet"
        case .removedKeyword: "keyword removed from HAProxy"
        case .keywordOutsideSection: "keyword outside of any section"
        case .keywordNotAllowed: "keyword not allowed in this section"
        case .missingArgument: "missing argument"
        case .unexpectedArgument: "unexpected argument"
        case .unknownArgument: "unknown argument"
        case .missingSectionName: "section needs a name"
        case .invalidName: "invalid name"
        case .duplicateProxy: "duplicate proxy name"
        case .duplicateServer: "duplicate server name"
        case .unknownDefaults: "unknown defaults section"
        case .conflictingSettings: "conflicting settings"
        case .invalidCondition: "invalid condition"
        case .undefinedBackend: "backend not defined"
        case .undeclaredACL: "ACL not declared"
        case .modeMismatch: "frontend and backend modes differ"
        case .invalidInteger: "invalid integer"
        case .valueOutOfRange: "value out of range"
        case .invalidTime: "invalid time"
        case .timeOverflow: "time too large"
        case .invalidSize: "invalid size"
        case .invalidPort: "invalid port"
        case .invalidAddress: "invalid address"
        case .invalidValue: "invalid value"
        case .invalidRegex: "invalid regular expression"
        case .invalidStatus: "invalid HTTP status"
        case .invalidHeaderName: "invalid header name"
        case .unreadableReferencedFile: "file named by the configuration cannot be read"
        case .invalidErrorFile: "error file is not an HTTP response"
        case .ignoredKeyword: "keyword ignored"
        case .ignoredWithoutCapability: "setting ignored by this kind of proxy"
        case .settingRepeated: "setting repeated in a section"
        case .textAfterCarriageReturn: "text after a carriage return"
        case .frontendWithoutBind: "frontend without bind"
        case .missingTimeout: "missing timeout"
        case .httpOnlyInTCPMode: "HTTP-only setting in tcp mode"
        case .httpCheckWithoutHTTPChk: "http-check without option httpchk"
        case .duplicateBind: "address bound twice"
        case .backendWithoutServers: "backend without servers"
        case .ruleNeverMatches: "rule can never apply"
        case .serverWithoutCookie: "server without cookie value"
        }
    }
}
