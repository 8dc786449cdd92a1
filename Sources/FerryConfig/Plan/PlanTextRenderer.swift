import FerryModel

/// The plan as an indented, aligned tree: `key  value  origin` lines under each section.
struct PlanTextRenderer {
    private var output = ""

    func render(_ plan: Plan) -> String {
        var renderer = self
        renderer.renderAll(plan.configuration)
        return renderer.output
    }

    private mutating func renderAll(_ configuration: Configuration) {
        renderGlobal(configuration.global)
        let backends = Dictionary(configuration.backends.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for frontend in configuration.frontends {
            output += "\n"
            heading(frontend.common)
            renderFrontend(frontend)
            if frontend.kind == .listen, let backend = backends[frontend.name] {
                renderBackend(backend)
            }
        }
        for backend in configuration.backends where backend.kind == .backend {
            output += "\n"
            heading(backend.common)
            renderBackend(backend)
        }
    }

    private mutating func renderGlobal(_ global: GlobalSettings) {
        output += "global\n"
        line("maxconn", global.maxConnections.value.map(String.init) ?? "from the file descriptor limit", global.maxConnections.origin)
        line("nbthread", global.threads.value.map(String.init) ?? "one per core", global.threads.origin)
        line("hard-stop-after", ConfigText.time(global.hardStopAfter.value), global.hardStopAfter.origin)
        line("tune.bufsize", String(global.bufferSize.value), global.bufferSize.origin)
        if let pidFile = global.pidFile.value { line("pidfile", pidFile, global.pidFile.origin) }
        for log in global.logs { line("log", ConfigText.logTarget(log.value), log.origin) }
        for socket in global.statsSockets {
            let options = socket.value.options.map { [$0.name, $0.value].compactMap { $0 }.joined(separator: " ") }
            line("stats socket", ([socket.value.address] + options).joined(separator: " "), socket.origin)
        }
    }

    private mutating func heading(_ proxy: ProxyCommon) {
        let defaults = proxy.defaultsName.map { $0.isEmpty ? ", defaults: anonymous" : ", defaults: '\($0)'" } ?? ""
        output += "\(proxy.kind.rawValue) \(proxy.name)  (\(proxy.origin.fileAndLine)\(defaults))\n"
        if let description = proxy.description.value { line("description", description, proxy.description.origin) }
        if proxy.disabled.value { line("disabled", "yes", proxy.disabled.origin) }
        line("mode", proxy.mode.value.rawValue, proxy.mode.origin)
    }

    private mutating func renderFrontend(_ frontend: Frontend) {
        for bind in frontend.binds {
            var value = bind.address.description
            if let name = bind.name { value += " name \(name)" }
            if bind.acceptProxy { value += " accept-proxy" }
            line("bind", value, .declared(bind.origin))
        }
        line("maxconn", frontend.maxConnections.value.map(String.init) ?? "global limit", frontend.maxConnections.origin)
        renderTimeouts(frontend.common, side: .frontend)
        renderOptions(frontend.common, side: .frontend)
        renderCommon(frontend.common)
        let steps = Plan.steps(of: frontend)
        if !steps.isEmpty {
            output += "  requests, in evaluation order:\n"
            renderSteps(steps)
        }
        renderResponseRules(frontend.common)
    }

    private mutating func renderBackend(_ backend: Backend) {
        line("balance", ConfigText.balance(backend.balance.value), backend.balance.origin)
        if backend.balance.value.isHashBased || backend.hashType.origin != .builtIn {
            line("hash-type", ConfigText.hashType(backend.hashType.value), backend.hashType.origin)
        }
        line("retries", String(backend.retries.value), backend.retries.origin)
        renderTimeouts(backend.common, side: .backend)
        renderOptions(backend.common, side: .backend)
        if backend.kind == .backend { renderCommon(backend.common) }
        renderHealthCheck(backend)
        if let cookie = backend.cookie.value { line("cookie", ConfigText.cookie(cookie), backend.cookie.origin) }
        if backend.kind == .backend {
            let steps = Plan.requestSteps(backend.httpRequestRules)
            if !steps.isEmpty {
                output += "  requests, in evaluation order:\n"
                renderSteps(steps)
            }
            renderResponseRules(backend.common)
        }
        output += "  servers (\(backend.servers.count)):\n"
        for server in backend.servers { renderServer(server, backend: backend) }
    }

    private mutating func renderTimeouts(_ proxy: ProxyCommon, side: ProxyCapability) {
        for kind in TimeoutKind.allCases where kind.capability == side || (kind.capability == .both && side == .frontend) {
            let value = proxy.timeouts[kind].value
            let text = switch (value, kind) {
            case (nil, .tunnel): "none (client and server timeouts apply)"
            case (nil, .check): "none (inter and timeout connect apply)"
            default: ConfigText.time(value)
            }
            line("timeout \(kind.rawValue)", text, proxy.timeouts[kind].origin)
        }
    }

    private mutating func renderOptions(_ proxy: ProxyCommon, side: ProxyCapability) {
        // Options for both sides are shown with the frontend half, or with a backend that is not half of a listen.
        let showsBoth = side == .frontend || proxy.kind == .backend
        for option in ProxyOption.allCases where option.capability == side || (option.capability == .both && showsBoth) {
            let value = proxy.options[option]
            guard value.value || value.origin != .builtIn else { continue }
            line("option \(option.rawValue)", value.value ? "on" : "off", value.origin)
        }
        if side == .frontend, proxy.forwardFor.value != nil || proxy.forwardFor.origin != .builtIn {
            let text = proxy.forwardFor.value.map { forwardFor in
                ([forwardFor.header] + (forwardFor.except.map { ["except", $0.description] } ?? []) + (forwardFor.ifNone ? ["if-none"] : []))
                    .joined(separator: " ")
            } ?? "off"
            line("option forwardfor", text, proxy.forwardFor.origin)
        }
    }

    /// Logs, ACLs, stats and error files: settings both halves have, printed once per proxy.
    private mutating func renderCommon(_ proxy: ProxyCommon) {
        for log in proxy.logs { line("log", ConfigText.logTarget(log.value), log.origin) }
        for acl in proxy.acls {
            for criterion in acl.criteria { line("acl \(acl.name)", ConfigText.criterion(criterion), criterion.origin) }
        }
        if proxy.stats.enabled.value {
            line("stats", "enabled at \(proxy.stats.uri.value)", proxy.stats.enabled.origin)
            if let refresh = proxy.stats.refresh.value { line("stats refresh", ConfigText.time(refresh), proxy.stats.refresh.origin) }
            if let realm = proxy.stats.realm.value { line("stats realm", realm, proxy.stats.realm.origin) }
            for credential in proxy.stats.credentials { line("stats auth", "\(credential.value.user):***", credential.origin) }
        }
        for errorFile in proxy.errorFiles {
            line("errorfile \(errorFile.value.status)", errorFile.value.path, errorFile.origin)
        }
    }

    private mutating func renderSteps(_ steps: [Plan.Step]) {
        for (index, step) in steps.enumerated() {
            let target = switch step.outcome {
            case .next: "→ continue"
            case .answer(let status): "→ answers \(status)"
            case .backend(let name): "→ backend \(name)"
            }
            let text = "\(index + 1). \(step.kind == "use_backend" || step.kind == "default_backend" ? step.kind : "\(step.kind) \(step.action)")"
                + (step.condition.map { "  \($0)" } ?? "")
            line("  " + text, target, step.origin, keyWidth: 0)
        }
    }

    private mutating func renderResponseRules(_ proxy: ProxyCommon) {
        guard !proxy.httpResponseRules.isEmpty else { return }
        output += "  responses, in evaluation order:\n"
        for (index, rule) in proxy.httpResponseRules.enumerated() {
            let text = "  \(index + 1). http-response \(ConfigText.responseAction(rule.action))" + (ConfigText.condition(rule.condition).map { "  \($0)" } ?? "")
            line(text, "", rule.origin, keyWidth: 0)
        }
    }

    private mutating func renderHealthCheck(_ backend: Backend) {
        let check = backend.healthCheck
        if let request = check.httpRequest.value {
            line("health check", "http \(request.method) \(request.uri) \(request.version)", check.httpRequest.origin)
        } else {
            line("health check", "tcp connect", check.httpRequest.origin)
        }
        if let send = check.send {
            var words: [String] = []
            if let method = send.value.method { words += ["meth", method] }
            if let uri = send.value.uri { words += ["uri", ConfigText.quote(uri)] }
            if let version = send.value.version { words += ["ver", ConfigText.quote(version)] }
            for header in send.value.headers { words += ["hdr", header.name, ConfigText.quote(header.value)] }
            if let body = send.value.body { words += ["body", ConfigText.quote(body)] }
            line("http-check send", words.joined(separator: " "), send.origin)
        }
        for expectation in check.expectations {
            let value = (expectation.value.negated ? "! " : "") + "\(expectation.value.kind.rawValue) \(ConfigText.quote(expectation.value.pattern))"
            line("http-check expect", value, expectation.origin)
        }
    }

    private mutating func renderServer(_ server: Server, backend: Backend) {
        output += "    server \(server.name)  \(server.address.description)  (\(server.origin.fileAndLine))\n"
        let settings = server.settings
        func setting(_ key: String, _ value: String, _ origin: Origin) {
            line("    " + key, value, origin, keyWidth: 20)
        }
        setting("weight", String(settings.weight.value), settings.weight.origin)
        setting("check", settings.check.value ? "on" : "off", settings.check.origin)
        if settings.check.value {
            setting("inter", ConfigText.time(settings.interval.value), settings.interval.origin)
            setting("fastinter", ConfigText.time(settings.fastInterval.value), settings.fastInterval.origin)
            setting("downinter", ConfigText.time(settings.downInterval.value), settings.downInterval.origin)
            setting("rise", String(settings.rise.value), settings.rise.origin)
            setting("fall", String(settings.fall.value), settings.fall.origin)
            if let port = settings.checkPort.value { setting("port", String(port), settings.checkPort.origin) }
        }
        setting("maxconn", settings.maxConnections.value.map(String.init) ?? "unlimited", settings.maxConnections.origin)
        setting("maxqueue", settings.maxQueue.value.map(String.init) ?? "unlimited", settings.maxQueue.origin)
        setting("backup", settings.backup.value ? "yes" : "no", settings.backup.origin)
        if settings.disabled.value { setting("disabled", "yes", settings.disabled.origin) }
        if backend.cookie.value != nil || settings.cookie.value != nil {
            setting("cookie", settings.cookie.value ?? "none", settings.cookie.origin)
        }
        if let slowStart = settings.slowStart.value { setting("slowstart", ConfigText.time(slowStart), settings.slowStart.origin) }
        if settings.sendProxy.value { setting("send-proxy", "yes", settings.sendProxy.origin) }
    }

    /// `  key   value   (origin)` with the key padded to `keyWidth` and the value to a fixed column.
    private mutating func line(_ key: String, _ value: String, _ origin: Origin, keyWidth: Int = 24) {
        var text = "  " + key.padding(to: keyWidth) + " " + value
        text = text.padding(to: 60) + "  (\(Plan.originText(origin)))"
        output += text + "\n"
    }
}

extension String {
    /// The string followed by spaces up to `width` characters, or itself if it is as long already.
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
