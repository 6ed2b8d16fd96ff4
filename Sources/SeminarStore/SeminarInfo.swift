import Foundation
import GRDB
import SeminarCore

/// The seminar itself: title, term and the time zone dates are read in.
public struct SeminarInfo: StoredRecord, Sendable, PersistableRecord {
    public static let databaseTableName = "seminar"
    public var id: Int = 1
    public var title: String
    public var term: String
    public var timezone: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, title, term, timezone
        case createdAt = "created_at"
    }

    public var time: SeminarTime { SeminarTime(identifier: timezone) ?? SeminarTime(timeZone: .current) }
}

extension AppDatabase {
    public func initialize(title: String, term: String, timezone: String, now: Date = Date()) throws(SeminarError) {
        try write { db in
            try SeminarInfo(title: title, term: term, timezone: timezone, createdAt: now)
                .insert(db)
        }
    }

    public func seminarInfo() throws(SeminarError) -> SeminarInfo {
        try read { db in
            guard let info = try SeminarInfo.fetchOne(db) else { throw SeminarError.noSeminar(path: path) }
            return info
        }
    }
}

// MARK: Settings

/// One of the seminar's settings (grading rules, form aliases...): a key and its text.
struct SettingRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "setting"
    var key: String
    var value: String
}

extension AppDatabase {
    /// The setting's text, or nil when it is not set.
    static func setting(_ db: Database, _ key: String) throws -> String? {
        try SettingRecord.fetchOne(db, key: key)?.value
    }

    /// The setting as a value of `type` (an instant: `StoredDate`), or nil when it is not set.
    static func setting<Value: DatabaseValueConvertible>(_ db: Database, _ key: String, as type: Value.Type) throws
        -> Value?
    {
        try Value.fetchOne(db, SettingRecord.select(Column("value")).filter(key: key))
    }

    /// Sets the setting, or with nil removes it.
    static func putSetting(_ db: Database, _ key: String, _ value: (some DatabaseValueConvertible)?) throws {
        if let value {
            try db.execute(
                literal: """
                    INSERT INTO setting(key, value) VALUES (\(key), \(value))
                    ON CONFLICT(key) DO UPDATE SET value = excluded.value
                    """)
        } else {
            _ = try SettingRecord.deleteOne(db, key: key)
        }
    }
}
