import ArgumentParser
import Foundation
import PortalIntake

/// `portal intake team ...`: the team inbox's accounts, made on the server only (there is no
/// sign-up page to attack). `portal intake audit`: what was done in the inbox.
extension IntakeCommand {
    struct Team: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make and remove the team inbox's accounts (password and authenticator app).",
            discussion: """
                The inbox (/team/ on the intake service) is served only while at least one account exists.
                `add` and `reset` read the password from standard input (12 characters at least) and
                print an otpauth:// URI: open it, or show it as a QR code, in an authenticator app.
                """,
            subcommands: [Add.self, Remove.self, Reset.self, List.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make an account; prints its authenticator URI.")
            @OptionGroup var database: DatabaseOption
            @Argument(help: "The name to sign in with (letters, digits, '.', '_', '-').") var name: String

            func run() async throws {
                let store = try RequestStore(path: database.path, mustExist: true)
                let password = try readPassword()
                let secret = try store.addTeamMember(name: name, password: password)
                printAuthenticator(name: name, secret: secret)
            }
        }

        struct Reset: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Give an account a new password and authenticator; unlocks it and ends its sessions."
            )
            @OptionGroup var database: DatabaseOption
            @Argument(help: "The account's name.") var name: String

            func run() async throws {
                let store = try RequestStore(path: database.path, mustExist: true)
                let password = try readPassword()
                let secret = try store.resetTeamMember(name: name, password: password)
                printAuthenticator(name: name, secret: secret)
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove an account and end its sessions.")
            @OptionGroup var database: DatabaseOption
            @Argument(help: "The account's name.") var name: String

            func run() async throws {
                let store = try RequestStore(path: database.path, mustExist: true)
                try store.removeTeamMember(name: name)
                print("removed \(name)")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the accounts, and which are locked.")
            @OptionGroup var database: DatabaseOption

            func run() async throws {
                let store = try RequestStore(path: database.path, mustExist: true)
                let now = Date()
                for member in try store.teamMembers() {
                    let locked =
                        member.lockedUntil.flatMap { $0 > now ? $0 : nil }
                        .map { "  locked until \(ISO8601DateFormatter().string(from: $0))" } ?? ""
                    print("\(member.name)  since \(ISO8601DateFormatter().string(from: member.createdAt))\(locked)")
                }
            }
        }
    }

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the team inbox's audit log: who signed in, viewed, claimed, noted, handled what, when."
        )
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let store = try RequestStore(path: database.path, mustExist: true)
            for entry in try store.auditLog() { print(entry.line) }
        }
    }
}

/// The first line of standard input; typed without echo at a terminal, and asked twice there.
private func readPassword() throws -> String {
    guard isatty(STDIN_FILENO) == 1 else {
        guard let line = readLine(strippingNewline: true) else {
            throw ValidationError("no password on standard input")
        }
        return line
    }
    func ask(_ prompt: String) -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var settings = termios()
        tcgetattr(STDIN_FILENO, &settings)
        var silent = settings
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &settings)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true) ?? ""
    }
    let first = ask("Password (12 characters at least): ")
    guard ask("The same password again: ") == first else { throw ValidationError("the two passwords differ") }
    return first
}

private func printAuthenticator(name: String, secret: String) {
    print("Add this account to an authenticator app (open the URI, or show it as a QR code with")
    print("`qrencode -t ansiutf8 'URI'`). Keep it private: it is the second half of the sign-in.")
    print(TeamAuthenticator.uri(name: name, secret: secret))
}
