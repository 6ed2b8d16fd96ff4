import Foundation
import GRDB
import SeminarCore

/// An instant as the database holds it: UTC, ISO 8601 to the second (`2025-01-15T22:59:00Z`),
/// so that text order is time order. This is the one converter between `Date` and the
/// database: records encode and decode their `Date` properties through it (`StoredRecord`),
/// and queries bind instants as `StoredDate(date)` — never a bare `Date`, whose GRDB format
/// (`2025-01-15 22:59:00.000`) would not compare with what is stored.
struct StoredDate: DatabaseValueConvertible, Sendable, Hashable {
    var date: Date

    init(_ date: Date) { self.date = date }

    var databaseValue: DatabaseValue { SeminarTime.storageString(date).databaseValue }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredDate? {
        String.fromDatabaseValue(dbValue).flatMap(SeminarTime.fromStorage).map(StoredDate.init)
    }
}

/// A row type of the seminar database, decoded and encoded with Codable: its `Date`
/// properties go through `StoredDate`.
public protocol StoredRecord: FetchableRecord, Codable {}

extension StoredRecord {
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom { StoredDate.fromDatabaseValue($0)?.date }
    }
}

extension StoredRecord where Self: EncodableRecord {
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { StoredDate($0) }
    }
}
