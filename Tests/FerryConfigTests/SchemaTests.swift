import FerryConfig
import FerryDiagnostics
import Foundation
import Testing

/// docs/ferry.schema.json describes the YAML format as the reader accepts it: the example configuration, the YAML
/// fixtures and what `ferry convert --to yaml` writes must validate, and configurations ferry rejects for their
/// shape must not. The validation itself is scripts/validate-yaml-schema (python3 with PyYAML and jsonschema,
/// installed by `scripts/setup --test`).
@Suite struct SchemaTests {
    /// The repository root: this file is Tests/FerryConfigTests/SchemaTests.swift.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = root.appendingPathComponent("scripts/validate-yaml-schema")
    static let schema = root.appendingPathComponent("docs/ferry.schema.json")

    struct Validation {
        var status: Int32
        var output: String
    }

    /// Runs the validator on files and directories (searched recursively for *.yaml and *.yml).
    static func validate(_ paths: [URL]) throws -> Validation {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--schema", schema.path] + paths.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let validation = Validation(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
        if validation.status == 2 {
            Issue.record("scripts/validate-yaml-schema could not run (run scripts/setup --test):\n\(validation.output)")
        }
        return validation
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// conf.d's YAML files (conf.d is not searched recursively by ferry, so neither is it here) and every YAML
    /// fixture under Fixtures/valid-yaml.
    @Test func exampleAndValidFixturesMatchTheSchema() throws {
        let manager = FileManager.default
        let confD = Self.root.appendingPathComponent("conf.d")
        let examples = try manager.contentsOfDirectory(atPath: confD.path)
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
            .sorted()
            .map { confD.appendingPathComponent($0) }
        #expect(!examples.isEmpty, "conf.d has no YAML file to check")
        var paths = examples
        let fixtures = Golden.fixtures.appendingPathComponent("valid-yaml")
        if manager.fileExists(atPath: fixtures.path) { paths.append(fixtures) }
        let validation = try Self.validate(paths)
        #expect(validation.status == 0, "\(validation.output)")
    }

    /// What `ferry convert --to yaml` writes for every valid .cfg fixture and for conf.d.
    @Test func convertedFixturesMatchTheSchema() throws {
        let output = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        var written = 0
        for fixture in Fixtures.cases(in: "valid") {
            let files = Fixtures.files(of: fixture)
            let compilation = ConfigCompiler.compile(
                files: files, environment: Fixtures.environment, keepSections: true,
                readFile: ConversionTests.readFixtureFile("valid")
            )
            try #require(!compilation.hasErrors, "\(fixture.name) is not valid:\n\(DiagnosticFormat.short.render(compilation.diagnostics, sources: compilation.sources))")
            written += try Self.writeYAML(of: compilation, into: output.appendingPathComponent(fixture.baseName))
        }
        let confD = Self.root.appendingPathComponent("conf.d")
        let names = try FileManager.default.contentsOfDirectory(atPath: confD.path).filter(Fixtures.isConfiguration).sorted()
        let example = try names.map { SourceFile(path: "conf.d/\($0)", bytes: Array(try Data(contentsOf: confD.appendingPathComponent($0)))) }
        let compilation = ConfigCompiler.compile(files: example, environment: Fixtures.environment, keepSections: true, readFile: { _ in nil })
        try #require(!compilation.hasErrors, "conf.d is not valid")
        written += try Self.writeYAML(of: compilation, into: output.appendingPathComponent("conf.d"))
        #expect(written >= 10)
        let validation = try Self.validate([output])
        #expect(validation.status == 0, "\(validation.output)")
    }

    /// Writes each file of a compilation converted to YAML; returns how many.
    static func writeYAML(of compilation: Compilation, into directory: URL) throws -> Int {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in compilation.sections {
            let name = ConfigConverter.convertedName(of: file.path, to: .yaml)
            try ConfigConverter.convert(file.sections, to: .yaml).write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return compilation.sections.count
    }

    /// One configuration using every form the reader accepts: ferry reads it without a problem and the schema
    /// accepts it, so the schema is not stricter than the reader.
    @Test func everyFormMatchesTheSchema() throws {
        let compilation = ConfigCompiler.compile(
            files: [SourceFile(path: "every-form.yaml", text: Self.everyForm)], environment: [:],
            readFile: ConversionTests.readFixtureFile("valid")
        )
        #expect(compilation.diagnostics.diagnostics.isEmpty, "\(DiagnosticFormat.short.render(compilation.diagnostics, sources: compilation.sources))")
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("every-form.yaml")
        try Self.everyForm.write(to: file, atomically: true, encoding: .utf8)
        let validation = try Self.validate([file])
        #expect(validation.status == 0, "\(validation.output)")
    }

    static let everyForm = """
        global:
          maxconn: 4096
          nbthread: "2"
          pidfile: /run/ferry.pid
          hard-stop-after: 30s
          tune.bufsize: 32k
          log:
            - stdout format raw local0 info
            - 127.0.0.1:514 len 1024 local1 notice err
          stats:
            socket: /run/ferry.sock mode 660 level admin
        ---
        defaults:
          - name: base
            mode: http
            maxconn: 1000
            timeout: {connect: 5s, client: 30s, server: 30000, http-request: 10s, queue: "${QUEUE_TIMEOUT-10s}"}
            retries: 3
            log: global
            option: {httplog: true, dontlognull: true, forwardfor: except 127.0.0.0/8, redispatch: false}
            default-server: {inter: 3s, fall: 2}
            errorfile: {503: ../errorpages/503.http}
          - name: strict
            from: base
            no option: redispatch
            no log: true
            default-server: inter 2s rise 3
        frontends:
          web:
            from: strict
            description: Public web entry ${ENV-dev}
            bind:
              - "*:8080"
              - {address: "127.0.0.1:8443", name: tls-offload, accept-proxy: true}
            monitor-uri: /alive
            acl:
              is_api: path_beg /api
              is_static:
                - path_beg /static
                - path_end .css .js
              internal: src 10.0.0.0/8 192.168.0.0/16
            http-request:
              - set-header X-Forwarded-Proto https
              - {add-header: X-Env prod, if: is_api}
              - {deny: true, unless: internal}
              - {deny: deny_status 429, if: "{ path_beg /limited }"}
              - {return: 'status 200 content-type text/plain string "pong\\n"', if: "{ path /ping }"}
              - {redirect: scheme https code 301, if: "{ hdr(x-forwarded-proto) http }"}
            http-response:
              - {del-header: Server}
              - set-header X-Frame-Options DENY
            use_backend:
              - static if is_static
              - {backend: api, if: is_api}
            default_backend: app
            stats: {enable: true, uri: /stats, refresh: 10s, realm: Ferry statistics, auth: [admin:secret, ops:x], hide-version: true}
        backends:
          app:
            option: [httpchk GET /health]
            http-check:
              - {send: meth GET uri /health, expect: [status 200-399, "! string error"]}
            balance: uri whole len 32
            hash-type: consistent crc32
            cookie: {name: SRV, mode: insert, indirect: true, nocache: true}
            servers:
              - s1 127.0.0.1:9001 check cookie s1
              - {name: s2, address: "127.0.0.1:9002", check: true, weight: 20, cookie: s2, backup: false}
              - {default-server: {slowstart: 30s}}
              - {name: s3, address: "${APP3-127.0.0.1}:9003", check: true, inter: 1s, rise: "2", fall: 3, cookie: s3}
          api:
            balance: leastconn
            cookie: API insert
            servers: {name: a1, address: "127.0.0.1:9101", maxconn: 100, maxqueue: 0, port: 8081, send-proxy: true, cookie: a1}
          static:
            servers: [st1 127.0.0.1:9201]
        listen:
          stats:
            mode: http
            bind: "127.0.0.1:8404"
            stats: {enable: true}
            disabled: false

        """

    /// Configurations with a shape ferry rejects. Each must be rejected by the schema too (so that the tests above
    /// cannot pass with a schema that accepts anything) and by ferry (so that the schema is not stricter).
    static let invalid: [(name: String, yaml: String)] = [
        ("unknown-key", "backends:\n  app:\n    balanse: roundrobin\n    servers: [s1 127.0.0.1:80]\n"),
        ("unknown-top-level-key", "backend:\n  app:\n    servers: [s1 127.0.0.1:80]\n"),
        ("mode-sequence", "defaults:\n  mode: [http]\n"),
        ("timeout-scalar", "defaults:\n  timeout: 5s\n"),
        ("disabled-maybe", "backends:\n  app:\n    disabled: maybe\n    servers: [s1 127.0.0.1:80]\n"),
        ("mode-unknown", "defaults:\n  mode: https\n"),
        ("timeout-decimal", "defaults:\n  timeout: {client: 1.5s}\n"),
        ("timeout-unknown-kind", "defaults:\n  timeout: {tarpit: 5s}\n"),
        ("server-without-address", "backends:\n  app:\n    servers: [{name: s1}]\n"),
        ("server-check-yes", "backends:\n  app:\n    servers: [{name: s1, address: 127.0.0.1:80, check: yes}]\n"),
        ("server-weight-decimal", "backends:\n  app:\n    servers: [{name: s1, address: 127.0.0.1:80, weight: 1.5}]\n"),
        ("rule-two-actions", "frontends:\n  web:\n    bind: ':80'\n    http-request: [{deny: true, set-header: X-A b}]\n"),
        ("rule-if-and-unless", "frontends:\n  web:\n    bind: ':80'\n    http-request: [{deny: true, if: TRUE, unless: FALSE}]\n"),
        ("use-backend-unknown-key", "frontends:\n  web:\n    bind: ':80'\n    use_backend: [{name: app}]\n"),
        ("bind-in-backend", "backends:\n  app:\n    bind: ':80'\n    servers: [s1 127.0.0.1:80]\n"),
        ("servers-in-frontend", "frontends:\n  web:\n    bind: ':80'\n    servers: [s1 127.0.0.1:80]\n"),
        ("option-maybe", "backends:\n  app:\n    option: {redispatch: maybe}\n    servers: [s1 127.0.0.1:80]\n"),
        ("option-unknown", "backends:\n  app:\n    option: [tcpka]\n    servers: [s1 127.0.0.1:80]\n"),
        ("balance-typo", "backends:\n  app:\n    balance: roundrobinn\n    servers: [s1 127.0.0.1:80]\n"),
        ("errorfile-status", "backends:\n  app:\n    errorfile: {999: /dev/null}\n    servers: [s1 127.0.0.1:80]\n"),
        ("global-stats-enable", "global:\n  stats: {enable: true}\n"),
        ("global-maxconn-underscore", "global:\n  maxconn: 1_000\n"),
        ("merge-key", "backends:\n  app: &app\n    servers: [s1 127.0.0.1:80]\n  app2:\n    <<: *app\n"),
        ("duplicate-key", "backends:\n  app:\n    balance: roundrobin\n    balance: leastconn\n    servers: [s1 127.0.0.1:80]\n"),
        ("unsupported-keyword", "frontends:\n  web:\n    bind: ':80'\n    tcp-request: inspect-delay 5s\n"),
        ("name-in-frontend", "frontends:\n  web:\n    name: www\n    bind: ':80'\n"),
        ("log-facility", "global:\n  log: stdout local9\n"),
    ]

    @Test func invalidConfigurationsAreRejected() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [URL] = []
        for (name, yaml) in Self.invalid {
            let compilation = ConfigCompiler.compile(files: [SourceFile(path: "\(name).yaml", text: yaml)], environment: [:], readFile: { _ in nil })
            #expect(compilation.hasErrors, "ferry accepts \(name), which the schema rejects:\n\(yaml)")
            let file = directory.appendingPathComponent("\(name).yaml")
            try yaml.write(to: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        let validation = try Self.validate(files)
        #expect(validation.status == 1, "\(validation.output)")
        let lines = validation.output.split(separator: "\n")
        for (file, (name, yaml)) in zip(files, Self.invalid) {
            #expect(lines.contains { $0.hasPrefix(file.path + ":") }, "the schema accepts \(name):\n\(yaml)")
        }
    }

    /// The validator reads scalars as ferry does: `yes` is not a boolean, `503:` is a key, and every document of a
    /// file is checked.
    @Test func validatorReadsYAMLLikeFerry() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let valid = directory.appendingPathComponent("valid.yml")
        try "defaults:\n  errorfile: {503: errors/503.http}\n  maxconn: 100\n---\n---\nbackends:\n  app:\n    servers: [{name: s1, address: 127.0.0.1:80, check: true}]\n"
            .write(to: valid, atomically: true, encoding: .utf8)
        let accepted = try Self.validate([valid])
        #expect(accepted.status == 0, "\(accepted.output)")
        let invalid = directory.appendingPathComponent("third-document.yaml")
        try "global: {maxconn: 10}\n---\ndefaults: {mode: http}\n---\nbackends:\n  app:\n    disabled: yes\n"
            .write(to: invalid, atomically: true, encoding: .utf8)
        let rejected = try Self.validate([invalid])
        #expect(rejected.status == 1)
        #expect(rejected.output.contains("third-document.yaml:7:15: document 3: /backends/app/disabled:"), "\(rejected.output)")
    }
}
