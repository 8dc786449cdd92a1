import FerryCLI
import Foundation

let status = await FerryCLI.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    environment: ProcessInfo.processInfo.environment,
    terminal: .standard
)
exit(status)
