import Foundation
import PortalYAML

/// The `FileStamp` of each Markdown file a build read, and when it began reading, kept for the
/// next build (`BuildMemo`): a file with the same stamp that was last changed well before that
/// build read it holds the bytes that build read, so the next one takes its front matter as
/// parsed then and leaves its body unread (`Page.bodyFile`) unless it renders it again.
/// The margin is git's "racily clean" rule: a file changed twice within the file system's clock
/// step, the second time after it was read, keeps its stamp, so a file changed less than a
/// second before the read is read again by the next build whatever its stamp says.
public struct ReadStamps: Sendable {
    public struct Source: Sendable, Equatable {
        public var stamp: String
        /// Lines before the body in the file (`Page.bodyLineOffset`).
        public var bodyLineOffset: Int
        public init(stamp: String, bodyLineOffset: Int) {
            self.stamp = stamp
            self.bodyLineOffset = bodyLineOffset
        }
    }

    /// By source path below the content folder.
    public var sources: [String: Source]
    /// When the build began reading, in seconds since 1970.
    public var readStarted: Double

    public init(sources: [String: Source] = [:], readStarted: Double = 0) {
        self.sources = sources
        self.readStarted = readStarted
    }

    /// A file last changed this long before the read began cannot have changed since without a
    /// new stamp (file system clocks step by a few milliseconds).
    static let margin = 1.0

    /// The last build's record of `source`, when the file on disk still is what it read.
    public func unchanged(_ source: String, stamp: String, modified: Double) -> Source? {
        guard let known = sources[source], known.stamp == stamp, modified < readStarted - Self.margin else {
            return nil
        }
        return known
    }
}
