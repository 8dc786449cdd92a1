import FerryModel

/// The dry run of a configuration: the resolved topology `ferry run` would serve, printable as text, JSON or DOT.
public struct Plan: Sendable {
    public var configuration: Configuration

    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// One step of a frontend's request processing, in evaluation order, and where it leads.
    struct Step {
        enum Outcome {
            /// The request goes on to the next step.
            case next
            /// The proxy answers itself (deny, return, redirect, monitor-uri).
            case answer(String)
            /// The request goes to a backend.
            case backend(String)
        }

        var kind: String
        var action: String
        var condition: String?
        var outcome: Outcome
        var origin: Origin
    }

    /// The request path through a frontend: monitor-uri, http-request rules, use_backend rules, default_backend.
    static func steps(of frontend: Frontend) -> [Step] {
        var steps: [Step] = []
        if let uri = frontend.monitorURI.value {
            steps.append(Step(kind: "monitor-uri", action: ConfigText.quote(uri), condition: nil, outcome: .answer("200"), origin: frontend.monitorURI.origin))
        }
        steps += requestSteps(frontend.httpRequestRules)
        steps += frontend.backendRules.map { rule in
            Step(kind: "use_backend", action: rule.backend, condition: ConfigText.condition(rule.condition),
                 outcome: .backend(rule.backend), origin: .declared(rule.origin))
        }
        if let name = frontend.defaultBackend.value {
            steps.append(Step(kind: "default_backend", action: name, condition: nil, outcome: .backend(name), origin: frontend.defaultBackend.origin))
        }
        return steps
    }

    /// The `http-request` rules of a proxy as steps.
    static func requestSteps(_ rules: [HTTPRequestRule]) -> [Step] {
        rules.map { rule in
            let outcome: Step.Outcome = switch rule.action {
            case .deny(let status): .answer(String(status))
            case .returnResponse(let response): .answer(String(response.status))
            case .redirect(let redirect): .answer(String(redirect.code))
            default: .next
            }
            return Step(kind: "http-request", action: ConfigText.requestAction(rule.action), condition: ConfigText.condition(rule.condition),
                        outcome: outcome, origin: rule.origin)
        }
    }

    /// `file:line`, `file:line, defaults 'x'` or `built-in`.
    static func originText(_ origin: Origin) -> String {
        switch origin {
        case .builtIn: "built-in"
        case .declared(let location): location.fileAndLine
        case .inherited(let name, let location): "\(location.fileAndLine), defaults\(name.map { " '\($0)'" } ?? "")"
        case .fallback(let setting, let source): "same as \(setting): \(originText(source))"
        }
    }
}

/// The output formats of `ferry plan`.
public enum PlanFormat: String, Sendable, CaseIterable {
    /// An indented tree for people.
    case text
    /// A documented, stable JSON document (docs/PLAN.md).
    case json
    /// A Graphviz graph: frontends → rules → backends → servers.
    case dot

    public func render(_ plan: Plan) -> String {
        switch self {
        case .text: PlanTextRenderer().render(plan)
        case .json: PlanJSONRenderer().document(plan).serialized() + "\n"
        case .dot: PlanDOTRenderer().render(plan)
        }
    }
}
