/// The keys of Ferry's YAML format (docs/YAML.md, docs/ferry.schema.json) and how each maps to statements.
enum YAMLKeys {
    /// Top-level keys, in the order their sections are read (defaults first, so they apply to the proxies after).
    static let topLevel = ["global", "defaults", "frontends", "backends", "listen"]

    /// Top-level keys that start with this are ignored: a place for anchors that other values refer to, as in
    /// Compose files (`x-timeouts: &timeouts {connect: 5s}`).
    static let extensionPrefix = "x-"

    /// How a key's value becomes the words of statements.
    enum Shape {
        /// One scalar is one word, spaces included (`description: Public web`).
        case word
        /// A scalar is a line of HAProxy words, split with HAProxy's quoting rules (`balance: uri whole`); a sequence
        /// gives one statement per element.
        case line
        /// `true` writes the keyword alone, `false` nothing.
        case flag
        /// Handled by a dedicated reader (mappings such as `timeout`, or mapping forms such as `servers`).
        case special
    }

    /// Proxy keys in the order statements are produced and keys are written: ACLs come before the rules that use
    /// them, `default-server` before `servers`, whatever the order in the file.
    static let proxy: [(key: String, shape: Shape)] = [
        ("description", .word), ("disabled", .flag), ("mode", .word), ("bind", .special), ("maxconn", .word),
        ("monitor-uri", .word), ("timeout", .special), ("retries", .word), ("no log", .flag), ("log", .line),
        ("option", .special), ("no option", .line), ("acl", .special), ("http-request", .special),
        ("http-response", .special), ("use_backend", .special), ("default_backend", .word), ("stats", .special),
        ("errorfile", .special), ("balance", .line), ("hash-type", .line), ("cookie", .special),
        ("http-check", .special), ("default-server", .special), ("servers", .special),
    ]

    static let global: [(key: String, shape: Shape)] = [
        ("maxconn", .word), ("nbthread", .word), ("daemon", .flag), ("pidfile", .word), ("hard-stop-after", .word),
        ("tune.bufsize", .word), ("log", .line), ("stats", .special),
    ]

    /// Keys of a proxy mapping that belong to its header.
    static let header = ["name", "from"]

    /// `stats` sub-keys and their shapes.
    static let stats: [(key: String, shape: Shape)] = [
        ("enable", .flag), ("uri", .word), ("refresh", .word), ("realm", .word), ("auth", .word),
        ("hide-version", .flag), ("socket", .line),
    ]

    /// What a key expects, for "expected …, got a sequence" messages.
    static func expectation(_ key: String) -> String {
        switch key {
        case "mode": "a mode like `http`"
        case "maxconn", "retries", "nbthread": "a number like `100`"
        case "timeout": "a mapping like `{client: 30s, server: 30s}`"
        case "hard-stop-after", "refresh": "a duration like `5s`"
        case "tune.bufsize": "a size like `16384`"
        case "errorfile": "a mapping like `{503: errors/503.http}`"
        case "acl": "a mapping like `{is_api: path_beg /api}`"
        case "stats": "a mapping like `{enable: true, uri: /stats}`"
        case "disabled", "daemon", "enable", "hide-version", "no log": "`true` or `false`"
        case "global": "a mapping of global settings"
        case "frontends", "backends", "listen": "a mapping of proxies by name"
        case "name", "from", "default_backend", "backend": "a name like `app`"
        case "address": "an address like `10.0.0.1:80`"
        case "description", "realm": "a text"
        case "uri", "monitor-uri": "a path like `/stats`"
        case "auth": "`USER:PASSWORD`"
        case "weight", "rise", "fall", "port", "maxqueue": "a number"
        case "inter", "fastinter", "downinter", "slowstart": "a duration like `2s`"
        default: "a single value"
        }
    }
}
