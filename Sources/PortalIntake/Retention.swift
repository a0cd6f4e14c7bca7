import Foundation
import Logging

/// The form promises that answers are deleted after the retention period; the service keeps that
/// promise itself, every hour, rather than relying on a timer someone must remember to install.
public enum Retention {
    public static func run(
        store: RequestStore,
        keep seconds: TimeInterval,
        logger: Logger,
        every interval: Duration = .seconds(3600)
    ) async {
        while !Task.isCancelled {
            do {
                let result = try store.purge(receivedBefore: Date().addingTimeInterval(-seconds))
                if result.deleted > 0 { logger.info("retention: deleted \(result.deleted) request(s)") }
                if !result.forgotten, result.deleted > 0 {
                    logger.warning(
                        "retention: \(result.reason ?? "the write-ahead log was not emptied"); retrying next round"
                    )
                }
            } catch {
                logger.error("retention: could not delete old requests: \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }
}
