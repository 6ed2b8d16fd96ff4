import Foundation
import SeminarCore

/// Every read and write of a user's file goes through here, so that "why can't this file be
/// opened" is said one way: a FIFO is a FIFO, not "permission denied"; a directory is a
/// directory; a device is never read forever.
public enum UserFile {
    /// What kind of thing is at a path, for messages and checks.
    public enum Kind: Equatable, Sendable {
        case missing, regular, directory, fifo, device, socket, other
    }

    /// The kind at `path`, following symbolic links (a link to a file is a file).
    public static func kind(at path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return kind(of: info.st_mode)
    }

    static func kind(of mode: mode_t) -> Kind {
        switch mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFIFO: return .fifo
        case S_IFCHR, S_IFBLK: return .device
        case S_IFSOCK: return .socket
        default: return .other
        }
    }

    /// Why `path` cannot be used as a file to read, in words a coordinator can act on.
    /// `code` is the errno of the failed call, when there was one.
    public static func problem(at path: String, errno code: Int32? = nil) -> String {
        switch kind(at: path) {
        case .directory: return "it is a directory, not a file"
        case .fifo: return "it is a named pipe (FIFO), not a regular file"
        case .device: return "it is a device, not a regular file"
        case .socket: return "it is a socket, not a regular file"
        case .other: return "it is not a regular file"
        case .missing, .regular: break
        }
        switch code ?? Foundation.errno {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case ENOTDIR: return "a part of the path is not a folder"
        case ELOOP: return "too many symbolic links"
        case ENAMETOOLONG: return "the path is too long"
        case let other: return String(cString: strerror(other))
        }
    }

    /// Opens a regular file for reading. FIFOs and devices are refused before anything is
    /// read from them (opened non-blocking, checked with fstat on the open descriptor).
    public static func openForReading(_ path: String) throws(SeminarError) -> FileHandle {
        let fd = Foundation.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: problem(at: path, errno: errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0, kind(of: info.st_mode) == .regular else {
            close(fd)
            throw .cannotOpen(path: path, reason: problem(at: path))
        }
        // Back to blocking reads for a regular file.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Reads a whole regular file. Files whose size stat cannot tell (procfs) are read to
    /// their end all the same.
    public static func read(_ path: String) throws(SeminarError) -> Data {
        let handle = try openForReading(path)
        defer { try? handle.close() }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw .cannotOpen(path: path, reason: "it cannot be read (\(problem(at: path)))")
        }
    }

    /// Reads a regular file piece by piece (1 MiB) into `consume`, so a large file never sits
    /// in memory whole. A failing read is "cannot be read"; an error thrown by `consume` (the
    /// database's, as a hand-in is kept) passes through as it is.
    public static func stream(_ path: String, into consume: (Data) throws -> Void) throws {
        let handle = try openForReading(path)
        defer { try? handle.close() }
        try forEachChunk(of: handle, path: path, consume)
    }

    private static func forEachChunk(
        of handle: FileHandle, path: String, size: Int = 1 << 20, _ body: (Data) throws -> Void
    ) throws {
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: size) ?? Data()
            } catch {
                throw SeminarError.cannotOpen(path: path, reason: "it cannot be read (\(problem(at: path)))")
            }
            if chunk.isEmpty { return }
            try body(chunk)
        }
    }

    /// Reads the first and the last `count` bytes of a regular file, and its size.
    public static func ends(of path: String, count: Int) throws(SeminarError) -> (
        head: [UInt8], tail: [UInt8], size: Int
    ) {
        let handle = try openForReading(path)
        defer { try? handle.close() }
        var info = stat()
        if fstat(handle.fileDescriptor, &info) == 0, info.st_size == 0 {
            // A file whose size stat cannot tell (procfs) cannot seek to its end: read it
            // through, keeping the last bytes.
            var head: [UInt8] = []
            var tail: [UInt8] = []
            var size = 0
            do {
                try forEachChunk(of: handle, path: path) { chunk in
                    size += chunk.count
                    if head.count < count { head += chunk.prefix(count - head.count) }
                    tail = Array((tail + chunk).suffix(count))
                }
            } catch {
                // The body cannot throw: only a read fails, as a SeminarError.
                throw error as? SeminarError ?? .cannotOpen(path: path, reason: "it cannot be read")
            }
            return (head, tail, size)
        }
        do {
            let head = [UInt8](try handle.read(upToCount: count) ?? Data())
            let size = Int(try handle.seekToEnd())
            try handle.seek(toOffset: UInt64(max(0, size - count)))
            let tail = [UInt8](try handle.readToEnd() ?? Data())
            return (head, tail, size)
        } catch {
            throw .cannotOpen(path: path, reason: "it cannot be read (\(problem(at: path)))")
        }
    }

    /// Creates a new, empty file only its owner may read and write; refuses an existing path.
    public static func createNew(_ path: String) throws(SeminarError) {
        let fd = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST { throw .conflict("\(path) already exists; choose a new file name") }
            throw .cannotOpen(path: path, reason: writeProblem(at: path, errno: code))
        }
        close(fd)
    }

    /// Removes a file this tool created and could not finish.
    public static func removeUnfinished(_ path: String) {
        unlink(path)
    }

    /// Whether something (a file, a link, anything) is at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The size in bytes of what is at `path` (0 when nothing is).
    public static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Whether the current user may read and write `path`.
    public static func isReadable(_ path: String) -> Bool { access(path, R_OK) == 0 }

    /// An absolute path for `path`, relative to the current folder.
    public static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
