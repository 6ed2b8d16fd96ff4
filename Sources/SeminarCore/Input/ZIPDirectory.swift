import Foundation
import ZIPFoundation

/// Random access to an archive's bytes: held in memory (an .xlsx) or read from a file piece
/// by piece (a submissions download of hundreds of megabytes, never held whole).
public protocol ZIPSource {
    /// The archive's size in bytes.
    var count: Int { get }
    /// Exactly `count` bytes from `offset`; the caller keeps every range inside `0..<count`.
    func bytes(at offset: Int, count: Int) throws -> Data
}

/// An archive held in memory.
public struct ZIPData: ZIPSource {
    public let data: Data
    public init(_ data: Data) { self.data = data }
    public var count: Int { data.count }
    public func bytes(at offset: Int, count: Int) throws -> Data {
        data.subdata(in: data.startIndex + offset..<data.startIndex + offset + count)
    }
}

/// The files of a ZIP archive, found through its central directory with every offset and
/// length checked against the archive's size before it is used.
///
/// ZIPFoundation's `Archive(data:)` reads memory through a C `FILE` whose read callback traps
/// (`Range requires lowerBound <= upperBound`) once a damaged directory has sent it past the
/// end of the data: a crafted .xlsx stopped every importer with SIGILL instead of "a damaged
/// ZIP" (found by `make fuzz`, docs/security.md). So the directory is read here, in Swift,
/// and only the inflating of an entry is left to ZIPFoundation (`Data.decompress`, zlib), fed
/// from pieces that lie inside the archive.
///
/// ZIP64 (APPNOTE 4.3.14–4.3.15, 4.5.3) is followed: the end-of-directory locator and record,
/// and the extended sizes and offset of an entry. Multi-disk archives are not supported.
public struct ZIPDirectory {
    public struct Entry: Sendable {
        /// The name as stored (UTF-8, or whatever the writer used, read as UTF-8).
        public var path: String
        /// 0 stored, 8 deflated; anything else is refused when the entry is read.
        public var method: UInt16
        public var encrypted: Bool
        public var compressedSize: Int
        public var uncompressedSize: Int
        public var crc32: UInt32
        /// The Unix file type and mode, when the archive was written on Unix (else nil).
        public var unixMode: UInt32?
        /// Where the entry's data begins: after its local header, its name and extra field.
        var dataStart: Int

        /// A directory entry (its name ends with a slash, or its mode says so).
        public var isDirectory: Bool {
            path.hasSuffix("/") || unixMode.map { $0 & 0o170000 == 0o040000 } == true
        }
        /// A symbolic link (Unix mode 0o120000): its data is the link's target.
        public var isSymlink: Bool { unixMode.map { $0 & 0o170000 == 0o120000 } == true }
    }

    let source: ZIPSource
    public let entries: [Entry]

    /// Why an archive cannot be read; a reader turns it into "a damaged ZIP".
    public struct Damaged: Error {
        public var reason: String
    }

    init(data: Data) throws(Damaged) {
        try self.init(source: ZIPData(data))
    }

    public init(source: ZIPSource) throws(Damaged) {
        self.source = source
        let n = source.count
        // The end-of-central-directory record: 22 bytes and a comment of up to 65,535, at the
        // end. The last signature whose comment reaches exactly to the end wins; else the last.
        // Twenty bytes more are read before it: where a ZIP64 locator would be.
        guard n >= 22 else { throw Damaged(reason: "no end of central directory") }
        let tailStart = max(0, n - 22 - 0xFFFF - 20)
        let tail = try Self.read(source, at: tailStart, count: n - tailStart)
        var eocd: Int?
        var fallback: Int?
        var at = n - 22
        while at >= max(0, n - 22 - 0xFFFF) {
            if tail.u32(at) == 0x0605_4B50 {
                if fallback == nil { fallback = at }
                if let comment = tail.u16(at + 20), at + 22 + comment == n {
                    eocd = at
                    break
                }
            }
            at -= 1
        }
        guard let end = eocd ?? fallback else { throw Damaged(reason: "no end of central directory") }
        guard var count = tail.u16(end + 10).map(UInt64.init), var size = tail.u32(end + 12).map(UInt64.init),
            var offset = tail.u32(end + 16).map(UInt64.init)
        else { throw Damaged(reason: "a truncated end of central directory") }
        if end >= 20, tail.u32(end - 20) == 0x0706_4B50 {
            // ZIP64: the locator points at the ZIP64 record, which holds the real values.
            guard let recordAt = tail.u64(end - 12).flatMap(Self.index), recordAt <= n - 56 else {
                throw Damaged(reason: "a damaged ZIP64 end of central directory")
            }
            let record = try Self.read(source, at: recordAt, count: 56)
            guard record.u32(recordAt) == 0x0606_4B50, let c = record.u64(recordAt + 32),
                let s = record.u64(recordAt + 40), let o = record.u64(recordAt + 48)
            else { throw Damaged(reason: "a damaged ZIP64 end of central directory") }
            (count, size, offset) = (c, s, o)
        } else if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            throw Damaged(reason: "ZIP64 values without a ZIP64 record")
        }
        // The directory must lie inside the archive, and each entry takes at least 46 bytes.
        guard let start = Self.index(offset), let length = Self.index(size), start <= n, length <= n - start,
            count <= size / 46
        else { throw Damaged(reason: "the central directory lies outside the file") }
        let directory = try Self.read(source, at: start, count: length)
        let directoryEnd = start + length
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        var p = start
        for _ in 0..<count {
            guard p <= directoryEnd - 46, directory.u32(p) == 0x0201_4B50, let madeBy = directory.u16(p + 4),
                let flags = directory.u16(p + 8), let method = directory.u16(p + 10),
                let crc = directory.u32(p + 16), let csize32 = directory.u32(p + 20),
                let usize32 = directory.u32(p + 24), let nameLength = directory.u16(p + 28),
                let extraLength = directory.u16(p + 30), let commentLength = directory.u16(p + 32),
                let external = directory.u32(p + 38), let local32 = directory.u32(p + 42),
                p + 46 + nameLength + extraLength + commentLength <= directoryEnd
            else { throw Damaged(reason: "a damaged central directory entry") }
            let name = directory.slice(p + 46, nameLength)
            var usize = UInt64(usize32)
            var csize = UInt64(csize32)
            var local = UInt64(local32)
            if usize32 == 0xFFFF_FFFF || csize32 == 0xFFFF_FFFF || local32 == 0xFFFF_FFFF {
                // The ZIP64 extended information field holds, in this order, each value whose
                // 32-bit field is 0xFFFFFFFF.
                var e = p + 46 + nameLength
                let extraEnd = e + extraLength
                var found = false
                while e + 4 <= extraEnd, let id = directory.u16(e), let length = directory.u16(e + 2) {
                    guard e + 4 + length <= extraEnd else { break }
                    if id == 0x0001 {
                        var field = e + 4
                        func next() throws(Damaged) -> UInt64 {
                            guard field + 8 <= e + 4 + length, let v = directory.u64(field) else {
                                throw Damaged(reason: "a short ZIP64 extended information field")
                            }
                            field += 8
                            return v
                        }
                        if usize32 == 0xFFFF_FFFF { usize = try next() }
                        if csize32 == 0xFFFF_FFFF { csize = try next() }
                        if local32 == 0xFFFF_FFFF { local = try next() }
                        found = true
                        break
                    }
                    e += 4 + length
                }
                guard found else { throw Damaged(reason: "ZIP64 values without their extended information") }
            }
            guard let localAt = Self.index(local), localAt <= n - 30,
                let compressed = Self.index(csize), let uncompressed = Self.index(usize)
            else { throw Damaged(reason: "an entry's local header lies outside the file") }
            let header = try Self.read(source, at: localAt, count: 30)
            guard header.u32(localAt) == 0x0403_4B50, let localName = header.u16(localAt + 26),
                let localExtra = header.u16(localAt + 28)
            else { throw Damaged(reason: "an entry's local header lies outside the file") }
            let dataStart = localAt + 30 + localName + localExtra
            guard dataStart <= n, compressed <= n - dataStart else {
                throw Damaged(reason: "an entry's data lies outside the file")
            }
            // Version made by, high byte 3: Unix, whose mode is the external attributes' high half.
            let unixMode = madeBy >> 8 == 3 ? UInt32(external >> 16) : nil
            entries.append(
                Entry(
                    path: String(decoding: name, as: UTF8.self), method: UInt16(method), encrypted: flags & 1 != 0,
                    compressedSize: compressed, uncompressedSize: uncompressed, crc32: UInt32(crc),
                    unixMode: unixMode, dataStart: dataStart))
            p += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The entry's bytes, inflated; at most `limit` of them (`TooLarge` beyond, counted on
    /// what comes out: a directory's sizes can lie).
    func contents(of entry: Entry, limit: Int) throws -> Data {
        guard entry.method != 0 || entry.compressedSize <= limit else { throw TooLarge() }
        var out = Data()
        out.reserveCapacity(min(entry.uncompressedSize, limit))
        // No CRC-32: ZIPFoundation computes it in Swift on Linux (~5% of reading a large
        // sheet), and a damaged part almost always fails to inflate or to parse anyway.
        try stream(entry, checkCRC: false) { chunk in
            out.append(chunk)
            if out.count > limit { throw TooLarge() }
        }
        return out
    }

    /// Reads an entry piece by piece: `consumer` gets the inflated bytes in order, never the
    /// whole entry at once. With `checkCRC`, the bytes must have the size and CRC-32 the
    /// directory gives (`Damaged` otherwise): a hand-in is kept only as it was uploaded.
    public func stream(_ entry: Entry, checkCRC: Bool = true, consumer: (Data) throws -> Void) throws {
        guard !entry.encrypted else { throw Damaged(reason: "an encrypted entry") }
        let start = entry.dataStart
        let compressed = entry.compressedSize
        let bufferSize = 256 * 1024
        var crc: UInt32 = 0
        var produced = 0
        switch entry.method {
        case 0:
            var at = 0
            while at < compressed {
                let chunk = try Self.readData(source, at: start + at, count: min(bufferSize, compressed - at))
                at += chunk.count
                produced += chunk.count
                if checkCRC { crc = chunk.crc32(checksum: crc) }
                try consumer(chunk)
            }
        case 8:
            crc = try Data.decompress(
                size: Int64(compressed), bufferSize: bufferSize, skipCRC32: !checkCRC,
                provider: { position, size in
                    // Past the entry's end the stream is cut short: an error, not an empty
                    // chunk (on which the inflater would wait for ever).
                    let from = Int(position)
                    guard from < compressed else { throw Damaged(reason: "a truncated deflate stream") }
                    var chunk = try Self.readData(source, at: start + from, count: min(compressed - from, size))
                    // ZIPFoundation tells zlib that every chunk holds `bufferSize` bytes
                    // (`avail_in`), so a shorter last chunk would let zlib read past it: pad it
                    // with zeros, which a complete stream never reaches.
                    if chunk.count < bufferSize { chunk.append(Data(count: bufferSize - chunk.count)) }
                    return chunk
                },
                consumer: { chunk in
                    produced += chunk.count
                    try consumer(chunk)
                })
        default:
            throw Damaged(reason: "compression method \(entry.method)")
        }
        if checkCRC {
            guard produced == entry.uncompressedSize else {
                throw Damaged(
                    reason: "\(shown: entry.path) has \(produced) bytes, the directory says \(entry.uncompressedSize)")
            }
            guard crc == entry.crc32 else { throw Damaged(reason: "\(shown: entry.path) fails its CRC-32 check") }
        }
    }

    public struct TooLarge: Error {}

    /// A 64-bit value from the file as an index, when it can be one.
    static func index(_ value: UInt64) -> Int? { value <= UInt64(Int.max) ? Int(value) : nil }

    /// Bytes from the source; a failing read (a file that shrank) is a damaged archive.
    private static func readData(_ source: ZIPSource, at offset: Int, count: Int) throws(Damaged) -> Data {
        guard offset >= 0, count >= 0, offset <= source.count, count <= source.count - offset else {
            throw Damaged(reason: "a read outside the file")
        }
        do {
            let data = try source.bytes(at: offset, count: count)
            guard data.count == count else { throw Damaged(reason: "the file ended early") }
            return data
        } catch let error as Damaged {
            throw error
        } catch {
            throw Damaged(reason: "it cannot be read (\(error))")
        }
    }

    private static func read(_ source: ZIPSource, at offset: Int, count: Int) throws(Damaged) -> Bytes {
        Bytes(data: try readData(source, at: offset, count: count), base: offset)
    }

    /// Little-endian fields of a piece of the archive, addressed by their offset in the
    /// archive; nil outside the piece.
    private struct Bytes {
        let data: Data
        let base: Int

        func slice(_ i: Int, _ count: Int) -> Data {
            let from = data.startIndex + i - base
            return data.subdata(in: from..<from + count)
        }
        func u8(_ i: Int) -> Int? {
            i >= base && i - base < data.count ? Int(data[data.startIndex + i - base]) : nil
        }
        func u16(_ i: Int) -> Int? {
            guard let a = u8(i), let b = u8(i + 1) else { return nil }
            return a | b << 8
        }
        func u32(_ i: Int) -> Int? {
            guard let a = u16(i), let b = u16(i + 2) else { return nil }
            return a | b << 16
        }
        func u64(_ i: Int) -> UInt64? {
            guard let a = u32(i), let b = u32(i + 4) else { return nil }
            return UInt64(a) | UInt64(b) << 32
        }
    }
}
