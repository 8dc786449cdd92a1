import FerryModel

/// Where a proxy keyword may appear and what it configures.
struct KeywordRule: Sendable {
    /// Sections where the keyword is allowed at all; elsewhere it is an error.
    let sections: Set<SectionKind>
    /// The half of a proxy the keyword configures; in a proxy without it, HAProxy ignores it with a warning.
    let capability: ProxyCapability
    /// One line of usage, shown when arguments are missing.
    let usage: String
}

/// The keywords Ferry supports in proxy sections (defaults, frontend, backend, listen).
enum ProxyKeywords {
    private static let all: Set<SectionKind> = [.defaults, .frontend, .backend, .listen]
    private static let proxies: Set<SectionKind> = [.frontend, .backend, .listen]

    static let rules: [String: KeywordRule] = [
        "mode": KeywordRule(sections: all, capability: .both, usage: "mode tcp|http"),
        "bind": KeywordRule(
            sections: [.frontend, .listen], capability: .frontend,
            usage: "bind ADDRESS:PORT[,ADDRESS:PORT…] [name NAME] [accept-proxy]"
        ),
        "balance": KeywordRule(sections: all, capability: .backend, usage: "balance ALGORITHM [ARGUMENTS]"),
        "hash-type": KeywordRule(
            sections: all, capability: .backend,
            usage: "hash-type map-based|consistent [sdbm|djb2|wt6|crc32 [avalanche]]"
        ),
        "server": KeywordRule(
            sections: [.backend, .listen], capability: .backend, usage: "server NAME ADDRESS[:PORT] [OPTIONS…]"
        ),
        "default-server": KeywordRule(
            sections: [.defaults, .backend, .listen], capability: .backend, usage: "default-server OPTIONS…"
        ),
        "timeout": KeywordRule(sections: all, capability: .both, usage: "timeout KIND TIME"),
        "maxconn": KeywordRule(sections: all, capability: .frontend, usage: "maxconn COUNT"),
        "retries": KeywordRule(sections: all, capability: .backend, usage: "retries COUNT"),
        "option": KeywordRule(sections: all, capability: .both, usage: "option NAME [ARGUMENTS]"),
        "http-check": KeywordRule(sections: all, capability: .backend, usage: "http-check send|expect …"),
        "acl": KeywordRule(sections: proxies, capability: .both, usage: "acl NAME FETCH [FLAGS] PATTERN…"),
        "use_backend": KeywordRule(
            sections: [.frontend, .listen], capability: .frontend, usage: "use_backend BACKEND [if|unless CONDITION]"
        ),
        "default_backend": KeywordRule(
            sections: [.defaults, .frontend, .listen], capability: .frontend, usage: "default_backend BACKEND"
        ),
        "http-request": KeywordRule(
            sections: proxies, capability: .both, usage: "http-request ACTION [ARGUMENTS] [if|unless CONDITION]"
        ),
        "http-response": KeywordRule(
            sections: proxies, capability: .both, usage: "http-response ACTION [ARGUMENTS] [if|unless CONDITION]"
        ),
        "cookie": KeywordRule(
            sections: all, capability: .backend,
            usage: "cookie NAME [insert|rewrite|prefix] [indirect] [nocache] [httponly] [secure]"
        ),
        "stats": KeywordRule(sections: all, capability: .both, usage: "stats enable|uri|refresh|auth|realm|hide-version …"),
        "monitor-uri": KeywordRule(sections: all, capability: .frontend, usage: "monitor-uri PATH"),
        "errorfile": KeywordRule(sections: all, capability: .both, usage: "errorfile STATUS FILE"),
        "log": KeywordRule(sections: all, capability: .both, usage: "log global | log ADDRESS [len N] [format F] FACILITY [LEVEL [MINLEVEL]]"),
        "description": KeywordRule(sections: proxies, capability: .both, usage: "description TEXT…"),
        "disabled": KeywordRule(sections: all, capability: .both, usage: "disabled"),
        "no": KeywordRule(sections: all, capability: .both, usage: "no option NAME | no log"),
    ]

    /// Keywords HAProxy removed before 2.6, with what to write instead.
    static let removed: [String: String] = {
        var table: [String: String] = [
            "block": "use `http-request deny`, which takes the same condition",
            "redispatch": "use `option redispatch`",
            "contimeout": "use `timeout connect`",
            "clitimeout": "use `timeout client`",
            "srvtimeout": "use `timeout server`",
            "monitor-net": "use `http-request return status 200 if { src NETWORK }`",
            "grace": "remove it; `hard-stop-after` in the global section bounds a graceful stop",
            "reqadd": "use `http-request add-header`",
            "rspadd": "use `http-response add-header`",
            "reqdeny": "use `http-request deny`",
            "reqideny": "use `http-request deny`",
            "rspdeny": "use `http-response deny`",
            "rspideny": "use `http-response deny`",
            "reqrep": "use `http-request replace-path`, `replace-uri` or `replace-header`",
            "reqirep": "use `http-request replace-path`, `replace-uri` or `replace-header`",
            "rsprep": "use `http-response replace-header`",
            "rspirep": "use `http-response replace-header`",
            "reqdel": "use `http-request del-header`",
            "reqidel": "use `http-request del-header`",
            "rspdel": "use `http-response del-header`",
            "rspidel": "use `http-response del-header`",
            "reqsetbe": "use `use_backend BACKEND if CONDITION`",
            "reqisetbe": "use `use_backend BACKEND if CONDITION`",
        ]
        for keyword in ["reqallow", "reqiallow", "reqpass", "reqipass", "reqtarpit", "reqitarpit"] {
            table[keyword] = "use `http-request` rules with a condition"
        }
        return table
    }()

    /// `option` names HAProxy removed, with what to do instead.
    static let removedOptions: [String: String] = [
        "forceclose": "use `option httpclose`",
        "http-tunnel": "remove it; it is no longer needed",
        "http_proxy": "use `http-request set-dst` and `http-request set-uri`",
        "independant-streams": "the option is spelt `independent-streams`",
        "http-use-htx": "remove it; HAProxy always uses its HTX engine since 2.1",
    ]
}

/// The keywords of the global section.
enum GlobalKeywords {
    static let usage: [String: String] = [
        "maxconn": "maxconn COUNT",
        "nbthread": "nbthread COUNT",
        "log": "log ADDRESS [len N] [format F] FACILITY [LEVEL [MINLEVEL]]",
        "pidfile": "pidfile PATH",
        "daemon": "daemon",
        "hard-stop-after": "hard-stop-after TIME",
        "tune.bufsize": "tune.bufsize SIZE",
        "stats": "stats socket ADDRESS [OPTIONS…]",
    ]

    static let removed: [String: String] = [
        "nbproc": "use `nbthread`; Ferry runs one process with several threads",
        "debug": "remove it; Ferry always runs in the foreground and logs to stdout",
    ]
}
