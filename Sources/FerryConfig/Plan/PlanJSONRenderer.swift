import FerryDiagnostics
import FerryModel

/// The plan as JSON, schema version 1 (docs/PLAN.md). Every effective value is `{"value": …, "origin": …}`.
struct PlanJSONRenderer {
    func document(_ plan: Plan) -> JSONValue {
        let configuration = plan.configuration
        return .object([
            ("version", .int(1)),
            ("global", global(configuration.global)),
            ("frontends", .array(configuration.frontends.map(frontend))),
            ("backends", .array(configuration.backends.map(backend))),
        ])
    }

    // MARK: Values

    func origin(_ origin: Origin) -> JSONValue {
        switch origin {
        case .builtIn:
            .object([("kind", .string("built-in"))])
        case .declared(let location):
            .object([("kind", .string("config")), ("file", .string(location.file)), ("line", .int(location.line))])
        case .inherited(let name, let location):
            .object([
                ("kind", .string("defaults")), ("defaults", .string(name)),
                ("file", .string(location.file)), ("line", .int(location.line)),
            ])
        case .fallback(let setting, let source):
            .object([("kind", .string("fallback")), ("setting", .string(setting)), ("origin", self.origin(source))])
        }
    }

    func sourced<Value>(_ value: Sourced<Value>, _ transform: (Value) -> JSONValue) -> JSONValue {
        .object([("value", transform(value.value)), ("origin", origin(value.origin))])
    }

    private func int(_ value: Int?) -> JSONValue { value.map { .int($0) } ?? .null }
    private func time(_ value: Duration?) -> JSONValue { value.map { .string(TimeValue.format($0)) } ?? .null }

    private func location(_ location: ConfigLocation) -> JSONValue {
        .object([("file", .string(location.file)), ("line", .int(location.line))])
    }

    // MARK: Sections

    private func global(_ global: GlobalSettings) -> JSONValue {
        .object([
            ("maxconn", sourced(global.maxConnections, int)),
            ("nbthread", sourced(global.threads, int)),
            ("hardStopAfter", sourced(global.hardStopAfter, time)),
            ("bufferSize", sourced(global.bufferSize) { .int($0) }),
            ("pidfile", sourced(global.pidFile) { .string($0) }),
            ("logs", .array(global.logs.map { sourced($0) { .string(ConfigText.logTarget($0)) } })),
            ("statsSockets", .array(global.statsSockets.map { socket in
                sourced(socket) { value in
                    .object([
                        ("address", .string(value.address)),
                        ("options", .array(value.options.map { .object([("name", .string($0.name)), ("value", .string($0.value))]) })),
                    ])
                }
            })),
        ])
    }

    private func common(_ proxy: ProxyCommon, side: ProxyCapability) -> [(String, JSONValue)] {
        let timeouts = TimeoutKind.allCases.filter { $0.capability == side || $0.capability == .both }.map { kind in
            (kind.rawValue, sourced(proxy.timeouts[kind], time))
        }
        let options = ProxyOption.allCases.filter { $0.capability == side || $0.capability == .both }.map { option in
            (option.rawValue, sourced(proxy.options[option]) { .bool($0) })
        }
        return [
            ("name", .string(proxy.name)),
            ("kind", .string(proxy.kind.rawValue)),
            ("defined", location(proxy.origin)),
            ("defaults", .string(proxy.defaultsName)),
            ("description", sourced(proxy.description) { .string($0) }),
            ("disabled", sourced(proxy.disabled) { .bool($0) }),
            ("mode", sourced(proxy.mode) { .string($0.rawValue) }),
            ("timeouts", .object(timeouts)),
            ("options", .object(options)),
            ("logs", .array(proxy.logs.map { sourced($0) { .string(ConfigText.logTarget($0)) } })),
            ("acls", .array(proxy.acls.map { acl in
                .object([
                    ("name", .string(acl.name)),
                    ("criteria", .array(acl.criteria.map(criterion))),
                ])
            })),
            ("httpRequestRules", .array(proxy.httpRequestRules.map { rule in
                rulesObject(action: ConfigText.requestAction(rule.action), keyword: rule.action.keyword, final: rule.action.isFinal, condition: rule.condition, origin: rule.origin)
            })),
            ("httpResponseRules", .array(proxy.httpResponseRules.map { rule in
                rulesObject(action: ConfigText.responseAction(rule.action), keyword: rule.action.keyword, final: false, condition: rule.condition, origin: rule.origin)
            })),
            ("stats", .object([
                ("enabled", sourced(proxy.stats.enabled) { .bool($0) }),
                ("uri", sourced(proxy.stats.uri) { .string($0) }),
                ("refresh", sourced(proxy.stats.refresh, time)),
                ("realm", sourced(proxy.stats.realm) { .string($0) }),
                ("users", .array(proxy.stats.credentials.map { sourced($0) { .string($0.user) } })),
                ("hideVersion", sourced(proxy.stats.hideVersion) { .bool($0) }),
            ])),
            ("errorFiles", .array(proxy.errorFiles.map { sourced($0) { .object([("status", .int($0.status)), ("file", .string($0.path))]) } })),
        ]
    }

    private func criterion(_ criterion: ACLCriterion) -> JSONValue {
        .object([
            ("text", .string(ConfigText.criterion(criterion))),
            ("fetch", .string(fetchName(criterion.fetch))),
            ("argument", .string(fetchArgument(criterion.fetch))),
            ("match", .string(criterion.match.rawValue)),
            ("ignoreCase", .bool(criterion.ignoresCase)),
            ("patterns", .array(criterion.patterns.map { .string($0.description) })),
            ("origin", origin(criterion.origin)),
        ])
    }

    private func fetchName(_ fetch: ACLFetch) -> String {
        switch fetch {
        case .path: "path"
        case .query: "query"
        case .method: "method"
        case .source: "src"
        case .destinationPort: "dst_port"
        case .header: "hdr"
        case .urlParameter: "url_param"
        case .constant(let value): value ? "always_true" : "always_false"
        }
    }

    private func fetchArgument(_ fetch: ACLFetch) -> String? {
        switch fetch {
        case .header(let name), .urlParameter(let name): name
        default: nil
        }
    }

    private func rulesObject(action: String, keyword: String, final: Bool, condition: Condition?, origin: Origin) -> JSONValue {
        .object([
            ("action", .string(keyword)),
            ("text", .string(action)),
            ("condition", .string(ConfigText.condition(condition))),
            ("final", .bool(final)),
            ("origin", self.origin(origin)),
        ])
    }

    private func frontend(_ frontend: Frontend) -> JSONValue {
        let steps = Plan.steps(of: frontend).map { step -> JSONValue in
            let (outcome, target): (String, String?) = switch step.outcome {
            case .next: ("next", nil)
            case .answer(let status): ("answer", status)
            case .backend(let name): ("backend", name)
            }
            return .object([
                ("kind", .string(step.kind)),
                ("action", .string(step.action)),
                ("condition", .string(step.condition)),
                ("outcome", .string(outcome)),
                ("target", .string(target)),
                ("origin", origin(step.origin)),
            ])
        }
        return .object(common(frontend.common, side: .frontend) + [
            ("binds", .array(frontend.binds.map { bind in
                .object([
                    ("address", .string(bind.address.description)),
                    ("name", .string(bind.name)),
                    ("acceptProxy", .bool(bind.acceptProxy)),
                    ("origin", origin(.declared(bind.origin))),
                ])
            })),
            ("maxconn", sourced(frontend.maxConnections, int)),
            ("forwardFor", sourced(frontend.forwardFor) { value in
                value.map { forwardFor in
                    .object([
                        ("header", .string(forwardFor.header)),
                        ("except", .string(forwardFor.except?.description)),
                        ("ifNone", .bool(forwardFor.ifNone)),
                    ])
                } ?? .null
            }),
            ("monitorUri", sourced(frontend.monitorURI) { .string($0) }),
            ("backendRules", .array(frontend.backendRules.map { rule in
                .object([
                    ("backend", .string(rule.backend)),
                    ("condition", .string(ConfigText.condition(rule.condition))),
                    ("origin", origin(.declared(rule.origin))),
                ])
            })),
            ("defaultBackend", sourced(frontend.defaultBackend) { .string($0) }),
            ("requestPath", .array(steps)),
        ])
    }

    private func backend(_ backend: Backend) -> JSONValue {
        let check = backend.healthCheck
        return .object(common(backend.common, side: .backend) + [
            ("balance", sourced(backend.balance) { .string(ConfigText.balance($0)) }),
            ("hashType", sourced(backend.hashType) { .string(ConfigText.hashType($0)) }),
            ("retries", sourced(backend.retries) { .int($0) }),
            ("healthCheck", .object([
                ("httpRequest", sourced(check.httpRequest) { request in
                    request.map { .object([("method", .string($0.method)), ("uri", .string($0.uri)), ("version", .string($0.version))]) } ?? .null
                }),
                ("send", check.send.map { send in
                    sourced(send) { value in
                        .object([
                            ("method", .string(value.method)), ("uri", .string(value.uri)), ("version", .string(value.version)),
                            ("headers", .array(value.headers.map { .object([("name", .string($0.name)), ("value", .string($0.value))]) })),
                            ("body", .string(value.body)),
                        ])
                    }
                } ?? .null),
                ("expect", .array(check.expectations.map { expectation in
                    sourced(expectation) { value in
                        .object([("negated", .bool(value.negated)), ("match", .string(value.kind.rawValue)), ("pattern", .string(value.pattern))])
                    }
                })),
            ])),
            ("cookie", sourced(backend.cookie) { value in value.map { .string(ConfigText.cookie($0)) } ?? .null }),
            ("servers", .array(backend.servers.map(server))),
        ])
    }

    private func server(_ server: Server) -> JSONValue {
        let settings = server.settings
        return .object([
            ("name", .string(server.name)),
            ("address", .string(server.address.description)),
            ("defined", location(server.origin)),
            ("check", sourced(settings.check) { .bool($0) }),
            ("inter", sourced(settings.interval) { time($0) }),
            ("fastinter", sourced(settings.fastInterval) { time($0) }),
            ("downinter", sourced(settings.downInterval) { time($0) }),
            ("rise", sourced(settings.rise) { .int($0) }),
            ("fall", sourced(settings.fall) { .int($0) }),
            ("weight", sourced(settings.weight) { .int($0) }),
            ("backup", sourced(settings.backup) { .bool($0) }),
            ("maxconn", sourced(settings.maxConnections, int)),
            ("maxqueue", sourced(settings.maxQueue, int)),
            ("disabled", sourced(settings.disabled) { .bool($0) }),
            ("cookie", sourced(settings.cookie) { .string($0) }),
            ("slowstart", sourced(settings.slowStart, time)),
            ("sendProxy", sourced(settings.sendProxy) { .bool($0) }),
            ("checkPort", sourced(settings.checkPort, int)),
        ])
    }
}
