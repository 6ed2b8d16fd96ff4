import Foundation
import SeminarCore

extension PDFCheck {
    /// Reads the first and last KiB of a hand-in and checks it. Only a regular file: a
    /// directory cannot be read, and a device or FIFO (/dev/zero, a pipe) would be read forever.
    public static func check(path: String) throws(SeminarError) -> (verdict: Verdict, size: Int) {
        switch UserFile.kind(at: path) {
        case .directory: throw .cannotOpen(path: path, reason: "it is a directory (give the PDF file inside it)")
        case .missing, .regular: break
        default: throw .cannotOpen(path: path, reason: "\(UserFile.problem(at: path)) (give the PDF file itself)")
        }
        let (head, tail, size) = try UserFile.ends(of: path, count: 1024)
        return (check(head: head, tail: tail), size)
    }
}

extension CSVTable {
    /// Reads a CSV file (decoded, delimiter detected from the header) or an .xlsx workbook
    /// (recognised by its content, not its name; the first worksheet unless `sheet` names one).
    public static func load(path: String, encoding: TextEncoding? = nil, sheet: String? = nil) throws(SeminarError)
        -> CSVTable
    {
        try load(data: UserFile.read(path), file: path, encoding: encoding, sheet: sheet)
    }
}
