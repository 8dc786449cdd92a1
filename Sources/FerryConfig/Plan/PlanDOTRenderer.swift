import FerryModel

/// The plan as a Graphviz digraph: frontends → rules → backends → servers, left to right.
struct PlanDOTRenderer {
    func render(_ plan: Plan) -> String {
        let configuration = plan.configuration
        var lines = [
            "digraph ferry {",
            "  rankdir=LR;",
            "  node [fontname=\"Helvetica\", fontsize=10];",
            "  edge [fontname=\"Helvetica\", fontsize=9];",
        ]
        for frontend in configuration.frontends {
            let id = quoted("frontend:\(frontend.name)")
            let heading = ["\(frontend.kind.rawValue) \(frontend.name)", "mode \(frontend.mode.value.rawValue)"]
            lines.append("  \(id) [shape=box, style=\"rounded,filled\", fillcolor=\"#dbeafe\", label=\(label(heading + frontend.binds.map(\.address.description)))];")
            for (index, step) in Plan.steps(of: frontend).enumerated() {
                let stepID = quoted("rule:\(frontend.name):\(index + 1)")
                let text = [step.kind == "use_backend" || step.kind == "default_backend" ? step.kind : "\(step.kind) \(step.action)", step.condition]
                    .compactMap { $0 }
                lines.append("  \(stepID) [shape=note, label=\(label(["\(index + 1). " + text.joined(separator: " ")]))];")
                lines.append("  \(id) -> \(stepID) [style=dotted, arrowhead=none];")
                switch step.outcome {
                case .backend(let name):
                    lines.append("  \(stepID) -> \(quoted("backend:\(name)"));")
                case .answer(let status):
                    let answerID = quoted("answer:\(frontend.name):\(index + 1)")
                    lines.append("  \(answerID) [shape=plaintext, label=\(label(["answers \(status)"]))];")
                    lines.append("  \(stepID) -> \(answerID);")
                case .next:
                    break
                }
            }
        }
        for backend in configuration.backends {
            let id = quoted("backend:\(backend.name)")
            lines.append("  \(id) [shape=box, style=filled, fillcolor=\"#dcfce7\", label=\(label(["backend \(backend.name)", ConfigText.balance(backend.balance.value)]))];")
            for server in backend.servers {
                let serverID = quoted("server:\(backend.name)/\(server.name)")
                var details = ["weight \(server.settings.weight.value)"]
                if server.settings.check.value { details.append("check") }
                if server.settings.backup.value { details.append("backup") }
                if server.settings.disabled.value { details.append("disabled") }
                let style = server.settings.backup.value || server.settings.disabled.value ? ", style=dashed" : ""
                lines.append("  \(serverID) [shape=ellipse\(style), label=\(label([server.name, server.address.description, details.joined(separator: " ")]))];")
                lines.append("  \(id) -> \(serverID);")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private func quoted(_ text: String) -> String {
        "\"" + escape(text) + "\""
    }

    /// A node label of several lines.
    private func label(_ lines: [String]) -> String {
        "\"" + lines.filter { !$0.isEmpty }.map(escape).joined(separator: "\\n") + "\""
    }

    private func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }
}
