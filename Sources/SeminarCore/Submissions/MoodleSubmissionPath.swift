import Foundation

/// What one entry of Moodle's "Download all submissions" zip is, from its name alone.
///
/// Moodle (`mod/assign/classes/downloader.php`; before 4.1 `download_submissions()` in
/// `mod/assign/locallib.php`) names every entry after a prefix `<full name>_<participant>`
/// (underscores in the name turned into spaces since 4.1, `Participant_4711` with blind
/// marking), then `_assignsubmission_<plugin>`:
///
/// - in folders (the default): `Linnea Bergström_4711_assignsubmission_file/Report.pdf`
///   (Moodle 3.1–4.0: `..._assignsubmission_file_/Report.pdf`), a file's subfolders kept;
/// - flat: `Linnea Bergström_4711_assignsubmission_file_Report.pdf`;
/// - the online text: `..._assignsubmission_onlinetext/onlinetext.html` or
///   `..._assignsubmission_onlinetext_onlinetext.html`.
///
/// The full name may itself hold `_` (older Moodle kept them), so the name is taken apart at
/// the first `_<digits>_assignsubmission_`. A name that could leave the folder it is
/// extracted into — `..`, an absolute path, a drive letter, a backslash, an empty or `.`
/// component, a control character — or a symbolic link is `.hostile`, whatever else it says.
public enum MoodleSubmissionPath: Sendable, Equatable {
    /// A file the participant handed in. `fileName` is the name as uploaded; in the folder
    /// layout it keeps the subfolders the student made (`code/main.py`).
    case file(participant: Int, fullName: String, fileName: String)
    /// The participant's online text (`onlinetext.html`).
    case onlineText(participant: Int, fullName: String)
    /// A directory entry (a name ending in `/`): nothing to extract.
    case directory
    /// Something else, harmless, that is not a hand-in; `reason` says what.
    case other(reason: String)
    /// A name that must not be extracted; `reason` says why.
    case hostile(reason: String)

    /// Takes an entry's name apart. `isSymlink` is what the zip reader saw in the entry's
    /// external attributes (a Unix mode of `0o120000`): a link is refused, never followed.
    public static func parse(_ name: String, isSymlink: Bool = false) -> MoodleSubmissionPath {
        if let reason = hostileReason(name, isSymlink: isSymlink) { return .hostile(reason: reason) }
        var components = pathComponents(name).map { String(Substring($0)) }
        if components.last == "" {
            return .directory
        }
        if components.first == "__MACOSX" || components.last == ".DS_Store" {
            return .other(reason: "macOS metadata, not a hand-in")
        }
        let head = components.removeFirst()
        guard let match = Self.prefix(in: head) else {
            return .other(
                reason: "not named the way Moodle names hand-ins (<full name>_<participant>_assignsubmission_<type>)")
        }
        let fileName: String
        if components.isEmpty {
            // Flat: the prefix, `_`, the file's name.
            guard match.rest.hasPrefix("_"), match.rest.count > 1 else {
                return .other(reason: "a Moodle name without a file name after the submission type")
            }
            fileName = String(match.rest.dropFirst())
        } else {
            // In folders: the folder is the prefix (Moodle 3.1–4.0 end it with `_`).
            guard match.rest.isEmpty || match.rest == "_" else {
                return .other(reason: "a folder whose name goes on after the submission type")
            }
            fileName = components.joined(separator: "/")
        }
        switch match.plugin {
        case "file":
            return .file(participant: match.participant, fullName: match.fullName, fileName: fileName)
        case "onlinetext":
            if fileName == "onlinetext.html" {
                return .onlineText(participant: match.participant, fullName: match.fullName)
            }
            return .other(reason: "a file embedded in participant \(match.participant)'s online text")
        default:
            return .other(
                reason: "what the submission type '\(Shown.value(match.plugin))' exports, not a file or online text")
        }
    }

    /// Why a name must not be extracted, or nil.
    static func hostileReason(_ name: String, isSymlink: Bool) -> String? {
        if isSymlink { return "a symbolic link, which could point anywhere" }
        if name.isEmpty { return "an entry without a name" }
        if let c = name.unicodeScalars.first(where: Validation.isControl) {
            return "a name with the control character \(Shown.escape(c))"
        }
        // Scalars, not Characters: `/` followed by a combining mark is one Character, which
        // is not `/`, but a file system splits at the byte (docs/security.md, Findings).
        if name.unicodeScalars.contains("\\") {
            return "a name with a backslash, which Windows reads as a folder separator"
        }
        if name.unicodeScalars.first == "/" { return "an absolute path" }
        let scalars = Array(name.unicodeScalars.prefix(2))
        if scalars.count == 2, scalars[1] == ":", scalars[0].isASCII, scalars[0].properties.isAlphabetic {
            return "a path with a drive letter"
        }
        let components = pathComponents(name)
        for (i, c) in components.enumerated() {
            if c.elementsEqual("..".unicodeScalars) {
                return "a name with a '..' component, which leaves the folder it is extracted into"
            }
            if c.elementsEqual(".".unicodeScalars) { return "a name with a '.' component" }
            if c.isEmpty && i != components.count - 1 { return "a name with an empty component ('//')" }
        }
        return nil
    }

    /// A name's components as a file system sees them: split at every `/` scalar.
    static func pathComponents(_ name: String) -> [Substring.UnicodeScalarView] {
        name.unicodeScalars[...].split(separator: "/", omittingEmptySubsequences: false)
    }

    /// The parts of a Moodle prefix `<full name>_<participant>_assignsubmission_<plugin>`,
    /// taken at its first occurrence in `head`, and what follows it.
    static func prefix(in head: String) -> (fullName: String, participant: Int, plugin: String, rest: Substring)? {
        let marker = "_assignsubmission_"
        var searchFrom = head.startIndex
        while let found = head.range(of: marker, range: searchFrom..<head.endIndex) {
            defer { searchFrom = found.upperBound }
            // Digits right before the marker, an underscore before them, a name before that.
            let before = head[..<found.lowerBound]
            let digits = before.reversed().prefix { $0.isASCII && $0.isNumber }
            guard (1...18).contains(digits.count) else { continue }
            let digitsStart = before.index(before.endIndex, offsetBy: -digits.count)
            guard digitsStart > before.startIndex, before[before.index(before: digitsStart)] == "_" else { continue }
            let fullName = String(before[..<before.index(before: digitsStart)])
            guard !fullName.isEmpty, let participant = Int(before[digitsStart...]) else { continue }
            let afterMarker = head[found.upperBound...]
            let plugin = afterMarker.prefix {
                ($0.isASCII && $0.isLetter && $0.isLowercase) || ($0.isASCII && $0.isNumber)
            }
            guard !plugin.isEmpty else { continue }
            return (fullName, participant, String(plugin), afterMarker[plugin.endIndex...])
        }
        return nil
    }

    /// A name a writer can give a file on disk, from a hand-in's `fileName`: its last
    /// component only; control characters, direction controls and the characters Windows or
    /// macOS do not allow (`/ \ : * ? " < > |`) replaced by `_`; no leading dots or spaces,
    /// no trailing dots or spaces; NFC; at most 200 UTF-8 bytes, the extension kept. Never
    /// empty, `.` or `..`: `fallback` then.
    public static func safeLocalName(_ fileName: String, fallback: String = "submission") -> String {
        let last = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var out = String.UnicodeScalarView()
        for s in last.precomposedStringWithCanonicalMapping.unicodeScalars {
            if Validation.isControl(s) || Shown.isDirectionControl(s) || "/\\:*?\"<>|".unicodeScalars.contains(s) {
                out.append("_")
            } else {
                out.append(s)
            }
        }
        // On scalars: a dot followed by a combining mark is one Character, not ".".
        func trimmed(_ name: String) -> String {
            var scalars = Substring(name).unicodeScalars
            while let first = scalars.first, first == "." || first == " " { scalars.removeFirst() }
            while let lastScalar = scalars.last, lastScalar == "." || lastScalar == " " { scalars.removeLast() }
            return String(scalars)
        }
        var name = trimmed(String(out))
        if name.utf8.count > 200 {
            let ext = name.range(of: ".", options: .backwards).map { String(name[$0.lowerBound...]) } ?? ""
            let keptExt = ext.utf8.count <= 20 ? ext : ""
            var stem = String(name.dropLast(keptExt.count))
            while stem.utf8.count + keptExt.utf8.count > 200 { stem.removeLast() }
            // Trimmed again: the cut can end the stem in a dot or space, or take a grapheme
            // cluster longer than the room whole and leave the extension's dot first.
            name = trimmed(stem + keptExt)
        }
        return name.isEmpty ? fallback : name
    }
}
