import Foundation
import Subprocess

/// A program run to its end from a test: its exit status and what it printed.
///
/// Through swift-subprocess, whose children keep no descriptor but their own three. With Foundation's
/// `Process`, a child started at the same moment by another test could inherit the write end of a
/// pipe, and the reader then waited for an end of file that never came (a CI run hung 90 minutes).
struct ProgramRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// More than any test prints; past it the run throws rather than keeps everything.
    static let outputLimit = 64 << 20

    init(_ program: URL, _ arguments: [String], in folder: URL? = nil, input: String = "") async throws {
        let result = try await Subprocess.run(
            .path(.init(program.path)),
            arguments: Arguments(arguments),
            workingDirectory: folder.map { .init($0.path) },
            input: .string(input),
            output: .string(limit: Self.outputLimit),
            error: .string(limit: Self.outputLimit)
        )
        switch result.terminationStatus {
        case .exited(let code): status = code
        case .signaled(let signal): status = 128 + signal
        }
        stdout = result.standardOutput ?? ""
        stderr = result.standardError ?? ""
    }
}
