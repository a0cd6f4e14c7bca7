/// Scripts are written readable, with comments; browsers need neither the comments nor the
/// indentation. This drops whole-line `//` comments and leading white space, and nothing else,
/// so it cannot change what a script does: a file with a block comment is left as written, and
/// the lines inside a multi-line template literal are kept exactly.
public enum ScriptCompaction {
    public static func compact(_ source: String) -> String {
        if source.contains("/*") { return source }
        var output: [Substring] = []
        var insideTemplate = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if insideTemplate {
                output.append(line)
            } else {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                if !trimmed.hasPrefix("//") && !trimmed.isEmpty { output.append(trimmed) }
            }
            if backticks(in: line) % 2 == 1 { insideTemplate.toggle() }
        }
        return output.joined(separator: "\n") + "\n"
    }

    /// Backticks not escaped with a backslash.
    static func backticks(in line: Substring) -> Int {
        var count = 0
        var escaped = false
        for character in line {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "`" {
                count += 1
            }
        }
        return count
    }
}
