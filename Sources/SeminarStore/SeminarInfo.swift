import Foundation
import GRDB
import SeminarCore

/// The seminar itself: title, term and the time zone dates are read in.
public struct SeminarInfo: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "seminar"
    public var id: Int = 1
    public var title: String
    public var term: String
    public var timezone: String
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, title, term, timezone
        case createdAt = "created_at"
    }

    public var time: SeminarTime { SeminarTime(identifier: timezone) ?? SeminarTime(timeZone: .current) }
}

extension AppDatabase {
    public func initialize(title: String, term: String, timezone: String, now: Date = Date()) throws(SeminarError) {
        try write { db in
            try SeminarInfo(title: title, term: term, timezone: timezone, createdAt: SeminarTime.storageString(now))
                .insert(db)
        }
    }

    public func seminarInfo() throws(SeminarError) -> SeminarInfo {
        try read { db in
            guard let info = try SeminarInfo.fetchOne(db) else { throw SeminarError.noSeminar(path: path) }
            return info
        }
    }

    public func setting(_ key: String) throws(SeminarError) -> String? {
        try read { try String.fetchOne($0, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    public func setSetting(_ key: String, _ value: String?) throws(SeminarError) {
        try write { db in
            if let value {
                try db.execute(
                    sql:
                        "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    arguments: [key, value])
            } else {
                try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
            }
        }
    }
}
