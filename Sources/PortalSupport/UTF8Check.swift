import Foundation

/// Decodes UTF-8, or says on which line and column the first bad byte is.
public enum UTF8Text {
    public enum Failure: Error, Sendable {
        case invalid(line: Int, column: Int)
    }

    public static func decode<Bytes: Collection<UInt8>>(_ data: Bytes) -> Result<String, Failure> {
        if let text = String(validating: data, as: UTF8.self) {
            return .success(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        }
        var line = 1
        var column = 1
        var iterator = data.makeIterator()
        var decoder = Unicode.UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return .failure(.invalid(line: line, column: column))
            case .error:
                return .failure(.invalid(line: line, column: column))
            }
        }
    }
}
