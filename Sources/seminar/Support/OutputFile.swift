import Foundation
import SeminarCore

/// Writes a file whole or not at all (temporary file, then rename). The file keeps the
/// permissions of `likePermissionsOf` (filling a list in place) or of the file it replaces;
/// a new file gets 0666 less the umask (owner-only: the tool sets umask 077 for personal data).
func writeFile(_ data: Data, to path: String, likePermissionsOf original: String?) throws(SeminarError) {
    do {
        try atomicWrite(data, to: path, likePermissionsOf: original)
    } catch {
        throw .cannotOpen(path: path, reason: "cannot write it (\(writeFailureReason(path, error)))")
    }
}

/// Why a file cannot be written, in words: Foundation's own messages ("The operation could
/// not be completed. (NSCocoaErrorDomain error 512.)") say nothing a coordinator can act on.
func writeFailureReason(_ path: String, _ error: Error) -> String {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        return "it is a directory: give a file name"
    }
    let folder =
        (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
    if !fm.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
        return "the folder \(folder) does not exist"
    }
    if !fm.isWritableFile(atPath: folder) { return "no permission to write in \(folder)" }
    return (error as NSError).localizedDescription
}

/// `writeFile` without the error translation.
func atomicWrite(_ data: Data, to path: String, likePermissionsOf original: String? = nil) throws {
    // Read before the write: with an in-place fill, `original` is the file being replaced.
    func mode(_ p: String) -> NSNumber? {
        (try? FileManager.default.attributesOfItem(atPath: p))?[.posixPermissions] as? NSNumber
    }
    let perms: Int
    if let m = original.flatMap(mode) ?? mode(path) {
        perms = m.intValue
    } else {
        let mask = umask(0)
        umask(mask)
        perms = 0o666 & ~Int(mask)
    }
    try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    // chmod(2) itself: FileManager.setAttributes quietly ignores a Swift Int on Linux.
    _ = chmod(path, mode_t(perms))
}
