import Foundation
import SeminarCore

extension UserFile {
    /// Writes a file whole or not at all: a temporary file in the same folder, then a rename.
    /// Through a symbolic link the link's target is replaced and the link kept, so the file
    /// the coordinator means gets the content. A new file holding personal data is 0600; a
    /// replaced file keeps its own mode, never the link's (0777). Every file the tool writes
    /// may hold names, e-mail addresses or grades: a new one is owner-only (0600) whatever the
    /// umask — a copy of a registration list filled with grades too, whatever the list's mode.
    public static func write(_ data: Data, to path: String) throws(SeminarError) {
        do {
            try write(to: path) { consume in try consume(data) }
        } catch let error as SeminarError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: "cannot write it (\(error.localizedDescription))")
        }
    }

    /// Writes a file whole or not at all, as `write(_:to:)`, from bytes that `produce` hands
    /// over piece by piece (a kept hand-in, streamed out of the database). An error thrown by
    /// `produce` leaves no file and passes through as it is.
    public static func write(to path: String, produce: (_ consume: (Data) throws -> Void) throws -> Void) throws {
        let target = resolvedTarget(path)
        let mode = existingMode(target) ?? 0o600
        switch kind(at: target) {
        case .missing, .regular: break
        case .directory:
            throw SeminarError.cannotOpen(path: path, reason: "cannot write it (it is a directory: give a file name)")
        default: throw SeminarError.cannotOpen(path: path, reason: "cannot write it (\(problem(at: target)))")
        }
        let folder =
            (target as NSString).deletingLastPathComponent.isEmpty
            ? "." : (target as NSString).deletingLastPathComponent
        let temporary = folder + "/.\((target as NSString).lastPathComponent).\(getpid()).tmp"
        let fd = Foundation.open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw SeminarError.cannotOpen(
                path: path, reason: "cannot write it (\(writeProblem(at: target, errno: errno)))")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        func failed(_ error: Error) -> SeminarError {
            .cannotOpen(path: path, reason: "cannot write it (\(error.localizedDescription))")
        }
        do {
            try produce { piece in
                do { try handle.write(contentsOf: piece) } catch { throw failed(error) }
            }
            do {
                try handle.synchronize()
                try handle.close()
            } catch { throw failed(error) }
        } catch {
            try? handle.close()
            unlink(temporary)
            throw error
        }
        // The umask may have narrowed the mode at creation: set exactly what was decided.
        _ = chmod(temporary, mode)
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            throw SeminarError.cannotOpen(
                path: path, reason: "cannot write it (\(writeProblem(at: target, errno: code)))")
        }
    }

    /// Why a file cannot be written at `path`, in words.
    static func writeProblem(at path: String, errno code: Int32) -> String {
        if kind(at: path) == .directory { return "it is a directory: give a file name" }
        let folder =
            (path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (path as NSString).deletingLastPathComponent
        if kind(at: folder) != .directory { return "the folder \(folder) does not exist" }
        if access(folder, W_OK) != 0 { return "no permission to write in \(folder)" }
        if code == ENOSPC { return "the disk is full" }
        return String(cString: strerror(code))
    }

    /// The file a path finally names, following symbolic links (a dangling link names its target).
    static func resolvedTarget(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n > 0 else { return current }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current =
                link.hasPrefix("/")
                ? link
                : ((current as NSString).deletingLastPathComponent as NSString)
                    .appendingPathComponent(link)
        }
        return current
    }

    static func existingMode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0, kind(of: info.st_mode) == .regular else { return nil }
        return info.st_mode & 0o7777
    }
}
