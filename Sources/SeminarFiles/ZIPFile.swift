import Foundation
import SeminarCore

/// An archive on disk, read piece by piece where it is needed (`pread`): a submissions
/// download of hundreds of megabytes is never held in memory whole.
public final class ZIPFile: ZIPSource, @unchecked Sendable {
    private let handle: FileHandle
    public let path: String
    public let count: Int

    /// Opens a regular file (a FIFO or device is refused before it is read).
    public init(path: String) throws(SeminarError) {
        handle = try UserFile.openForReading(path)
        self.path = path
        var info = stat()
        guard fstat(handle.fileDescriptor, &info) == 0 else {
            throw .cannotOpen(path: path, reason: UserFile.problem(at: path))
        }
        count = Int(info.st_size)
    }

    deinit { try? handle.close() }

    public func bytes(at offset: Int, count: Int) throws -> Data {
        var data = Data(count: count)
        var done = 0
        try data.withUnsafeMutableBytes { buffer in
            while done < count {
                let n = pread(handle.fileDescriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    throw SeminarError.cannotOpen(
                        path: path,
                        reason: n == 0 ? "the file ended early (did it change while read?)" : UserFile.problem(at: path)
                    )
                }
                done += n
            }
        }
        return data
    }
}
