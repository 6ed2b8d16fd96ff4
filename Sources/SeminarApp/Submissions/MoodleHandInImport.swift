import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

/// `submission import`: a Moodle assignment's grading worksheet (who handed in when) and,
/// optionally, its "Download all submissions" zip (what they handed in), recorded in one
/// transaction with the files kept.
public enum MoodleHandInImport {
    /// A student the import is about, as the worksheet names them.
    public struct Who: Sendable {
        public var studentID: String
        public var name: String
        public var participant: Int
    }

    /// A hand-in that is not a PDF: what the student uploaded instead.
    public struct WithoutPDF: Sendable {
        public var who: Who
        /// `Bericht.docx (a Word document)`, `online text`.
        public var what: [String]
    }

    public struct Report: Sendable {
        public var kind: DeadlineKind
        public var participants = 0
        public var language: MoodleWorksheet.Language = .english
        public var zipFiles: Int?
        /// Recorded hand-ins, with who they are.
        public var recorded: [(who: Who, result: ImportedHandInResult)] = []
        /// The worksheet says they have not handed in.
        public var missing: [Who] = []
        public var withoutPDF: [WithoutPDF] = []
        /// Enrolled students the worksheet does not list (not in the Moodle course?).
        public var notInWorksheet: [(id: String, name: String)] = []
        /// Worksheet rows that are no student of the seminar.
        public var unknownRows: [MoodleWorksheet.Row] = []
        /// Choices made for the user (a match by e-mail, one PDF of several): said, not hidden.
        public var decisions: [String] = []
        public var warnings: [String] = []
    }

    public static func run(
        db: AppDatabase, worksheet table: CSVTable, worksheetFile: String, zipPath: String?, kind: DeadlineKind,
        dryRun: Bool, now: Date
    ) throws -> Report {
        guard kind.isSubmittable else {
            throw SeminarError.invalidValue("students hand in report or slides, not '\(kind.rawValue)'")
        }
        let time = try db.seminarInfo().time
        let sheet = try MoodleWorksheet.read(table, file: worksheetFile, time: time)
        var report = Report(kind: kind)
        report.participants = sheet.rows.count
        report.language = sheet.language
        report.decisions = sheet.decisions

        // Who is who: the ID number, else the e-mail address.
        let students = try db.students()
        let byID = Dictionary(students.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let byEmail = Dictionary(students.map { ($0.email.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        var matched: [(row: MoodleWorksheet.Row, student: StudentRecord)] = []
        for row in sheet.rows {
            let viaID = row.idNumber.flatMap { byID[$0] }
            let viaEmail = row.email.flatMap { byEmail[$0.lowercased()] }
            if let s = viaID {
                if let e = viaEmail, e.id != s.id {
                    report.warnings.append(
                        "\(worksheetFile):\(row.line): ID number \(shown: s.id) is \(shown: s.name), but the e-mail \(shown: row.email ?? "") is that of \(shown: e.id) (\(shown: e.name)); went by the ID number"
                    )
                }
                matched.append((row, s))
            } else if let s = viaEmail {
                let why =
                    row.idNumber == nil
                    ? "has no ID number" : "has ID number \(shown: row.idNumber ?? ""), which no student has"
                report.decisions.append(
                    "Participant \(row.participant) (\(shown: row.fullName)) \(why); matched by the e-mail \(shown: row.email ?? "") to \(s.id) (\(shown: s.name))"
                )
                matched.append((row, s))
            } else {
                report.unknownRows.append(row)
            }
        }
        if matched.isEmpty {
            throw SeminarError.invalidInput([
                InputError(
                    file: worksheetFile, line: nil,
                    message:
                        "no participant of the worksheet is a student of this seminar (none of its \(sheet.rows.count) ID numbers or e-mail addresses is known)",
                    hint:
                        "is it the worksheet of this seminar's Moodle course? The ID number column should hold the campus ids of `seminar student list`"
                )
            ])
        }
        var seen = Set<String>()
        for (row, s) in matched where !seen.insert(s.id).inserted {
            throw SeminarError.invalidInput([
                InputError(
                    file: worksheetFile, line: row.line,
                    message: "student \(s.id) (\(shown: s.name)) appears twice in the worksheet",
                    hint: "download the worksheet again from Moodle")
            ])
        }
        let listed = Set(matched.map(\.student.id))
        report.notInWorksheet = students.filter { $0.status == .enrolled && !listed.contains($0.id) }.map {
            ($0.id, $0.name)
        }

        // What each participant uploaded, when the zip is given.
        var zip: ZIPDirectory?
        var uploads: [Int: MoodleSubmissions.Participant] = [:]
        if let zipPath {
            let (directory, found) = try MoodleSubmissions.read(zipPath: zipPath)
            zip = directory
            uploads = found.participants
            report.zipFiles = found.fileCount
            let known = Set(sheet.rows.map(\.participant))
            for p in found.participants.keys.sorted() where !known.contains(p) {
                report.warnings.append(
                    "\(zipPath): the files of participant \(p) are not in the worksheet; skipped (a worksheet downloaded before the zip?)"
                )
            }
            for (name, reason) in found.ignored {
                report.decisions.append("left out the zip entry \(shown: name): \(reason)")
            }
        }

        var handIns: [ImportedHandIn] = []
        var whoByID: [String: Who] = [:]
        for (row, s) in matched {
            let who = Who(studentID: s.id, name: s.name, participant: row.participant)
            whoByID[s.id] = who
            let source = "moodle participant \(row.participant)"
            if s.status == .dropped, row.submittedAt != nil {
                report.warnings.append(
                    "student \(s.id) (\(shown: s.name)) has dropped the seminar; their hand-in is recorded all the same"
                )
            }
            guard let zip else {
                guard let at = row.submittedAt, row.state != .none else {
                    report.missing.append(who)
                    continue
                }
                if row.state == .draft { report.decisions.append(draftNote(s, at: at, time: time)) }
                handIns.append(
                    ImportedHandIn(
                        studentID: s.id, submittedAt: at, source: source, file: nil)
                )
                continue
            }
            let upload = uploads[row.participant] ?? MoodleSubmissions.Participant()
            var pdfs: [(entry: ZIPDirectory.Entry, name: String, version: String)] = []
            var other: [String] = []
            for file in upload.files {
                switch try MoodleSubmissions.sniff(file.entry, in: zip, zipPath: zipPath ?? "") {
                case .pdf(let version, _): pdfs.append((file.entry, file.name, version))
                case .notPDF(let looksLike):
                    other.append(file.name + (looksLike.map { ", which looks like \($0)" } ?? ", not a PDF"))
                }
            }
            if upload.onlineText || (row.onlineText && pdfs.isEmpty) { other.append("online text") }
            guard let at = row.submittedAt else {
                if !pdfs.isEmpty {
                    report.warnings.append(
                        "\(worksheetFile):\(row.line): \(s.id) (\(shown: s.name)) has files in the zip but no 'Last modified (submission)' time; skipped (download the worksheet again)"
                    )
                } else if !other.isEmpty {
                    report.withoutPDF.append(WithoutPDF(who: who, what: other))
                } else {
                    report.missing.append(who)
                }
                continue
            }
            guard !pdfs.isEmpty else {
                if other.isEmpty {
                    report.missing.append(who)
                } else {
                    report.withoutPDF.append(WithoutPDF(who: who, what: other))
                }
                continue
            }
            let chosen = choose(pdfs.map { ($0.name, $0.entry.uncompressedSize) }, kind: kind)
            if pdfs.count > 1 {
                let others = pdfs.indices.filter { $0 != chosen.index }.map { "\(shown: pdfs[$0].name)" }
                report.decisions.append(
                    "\(s.id) (\(shown: s.name)) uploaded \(pdfs.count) PDFs; took \(shown: pdfs[chosen.index].name) (\(chosen.why)), not \(others.joined(separator: ", ")). If another is the \(kind.rawValue): seminar submit \(s.id) \(kind.rawValue) --at \(time.formatLocal(at).replacingOccurrences(of: " ", with: "T")) --file FILE"
                )
            }
            if !other.isEmpty {
                report.decisions.append(
                    "\(s.id) (\(shown: s.name)) also uploaded \(other.joined(separator: ", ")); kept only the PDF")
            }
            if row.state == .draft { report.decisions.append(draftNote(s, at: at, time: time)) }
            let pick = pdfs[chosen.index]
            let entry = pick.entry
            let zipFile = zipPath ?? ""
            handIns.append(
                ImportedHandIn(
                    studentID: s.id, submittedAt: at, source: source,
                    file: KeptFile(
                        name: pick.name, pdfVersion: pick.version.isEmpty ? nil : pick.version,
                        contents: { consume in
                            try MoodleSubmissions.stream(entry, in: zip, zipPath: zipFile, into: consume)
                        })))
        }
        // A hand-in recorded earlier from the worksheet alone, by its time, counts until it is
        // removed: the zip now shows it was no PDF. Said, not undone behind the user's back.
        for w in report.withoutPDF {
            let earlier = try db.submissionVersions(student: w.who.studentID, kind: kind)
            if let last = earlier.last, last.record.sha256 == nil {
                report.warnings.append(
                    "\(w.who.studentID) (\(shown: w.who.name)) has a \(kind.rawValue) recorded at \(time.formatLocal(last.record.submittedAt)) without a file (from a worksheet imported alone), which counts as handed in; if it does not: seminar submission remove \(w.who.studentID) \(kind.rawValue)"
                )
            }
        }
        for result in try db.importHandIns(handIns, kind: kind, dryRun: dryRun, now: now) {
            guard let who = whoByID[result.studentID] else { continue }
            report.recorded.append((who, result))
            if let tail = result.file?.tail,
                case .pdf(_, false) = PDFCheck.check(head: result.file?.head ?? [], tail: tail)
            {
                report.warnings.append(
                    "\(result.studentID) (\(shown: who.name)): the PDF does not end with %%EOF; it may be truncated (an interrupted upload?)"
                )
            }
        }
        return report
    }

    static func draftNote(_ s: StudentRecord, at: Date, time: SeminarTime) -> String {
        "\(s.id) (\(shown: s.name)) left a draft in Moodle, never submitted for grading; recorded as handed in at its last change, \(time.formatLocal(at))"
    }

    /// Which of several PDFs is the hand-in: the one whose name says the kind (and not
    /// "appendix"), else the largest.
    static func choose(_ files: [(name: String, size: Int)], kind: DeadlineKind) -> (index: Int, why: String) {
        let words: [String] =
            kind == .report
            ? ["report", "bericht", "ausarbeitung", "essay", "paper", "final"]
            : ["slides", "folien", "presentation", "präsentation", "vortrag", "talk"]
        let aside = ["appendix", "anhang", "supplement", "draft", "entwurf"]
        let named = files.indices.filter { i in
            let n = files[i].name.lowercased()
            return words.contains { n.contains($0) } && !aside.contains { n.contains($0) }
        }
        if named.count == 1 { return (named[0], "its name says \(kind.rawValue)") }
        let pool = named.isEmpty ? Array(files.indices) : named
        let largest = pool.max { files[$0].size < files[$1].size } ?? 0
        return (largest, named.isEmpty ? "the largest" : "the largest of those whose name says \(kind.rawValue)")
    }
}
