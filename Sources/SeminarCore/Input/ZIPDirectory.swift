import Foundation
import ZIPFoundation

/// The files of a ZIP archive held in memory (an .xlsx package), found through its central
/// directory with every offset and length checked against the bytes before it is used.
///
/// ZIPFoundation's `Archive(data:)` reads memory through a C `FILE` whose read callback traps
/// (`Range requires lowerBound <= upperBound`) once a damaged directory has sent it past the
/// end of the data: a crafted .xlsx stopped every importer with SIGILL instead of "a damaged
/// ZIP" (found by `make fuzz`, docs/security.md). So the directory is read here, in Swift,
/// and only the inflating of a part is left to ZIPFoundation (`Data.decompress`, zlib), fed
/// from slices that lie inside the data.
///
/// ZIP64 (APPNOTE 4.3.14–4.3.15, 4.5.3) is followed: the end-of-directory locator and record,
/// and the extended sizes and offset of an entry. Multi-disk archives are not supported.
struct ZIPDirectory {
    struct Entry {
        var path: String
        /// 0 stored, 8 deflated; anything else is refused when the part is read.
        var method: UInt16
        var encrypted: Bool
        var compressedSize: Int
        var uncompressedSize: Int
        /// Where the entry's data begins: after its local header, its name and extra field.
        var dataStart: Int
    }

    let data: Data
    let entries: [Entry]

    /// Why an archive cannot be read; the reader turns it into "a damaged ZIP".
    struct Damaged: Error {
        var reason: String
    }

    init(data: Data) throws(Damaged) {
        self.data = data
        let bytes = Bytes(data: data)
        let n = data.count
        // The end-of-central-directory record: 22 bytes and a comment of up to 65,535, at the
        // end. The last signature whose comment reaches exactly to the end wins; else the last.
        var eocd: Int?
        var fallback: Int?
        var at = n - 22
        while at >= max(0, n - 22 - 0xFFFF) {
            if bytes.u32(at) == 0x0605_4B50 {
                if fallback == nil { fallback = at }
                if let comment = bytes.u16(at + 20), at + 22 + comment == n {
                    eocd = at
                    break
                }
            }
            at -= 1
        }
        guard let end = eocd ?? fallback else { throw Damaged(reason: "no end of central directory") }
        guard var count = bytes.u16(end + 10).map(UInt64.init), var size = bytes.u32(end + 12).map(UInt64.init),
            var offset = bytes.u32(end + 16).map(UInt64.init)
        else { throw Damaged(reason: "a truncated end of central directory") }
        if end >= 20, bytes.u32(end - 20) == 0x0706_4B50 {
            // ZIP64: the locator points at the ZIP64 record, which holds the real values.
            guard let record = bytes.u64(end - 12).flatMap(Self.index), bytes.u32(record) == 0x0606_4B50,
                let c = bytes.u64(record + 32), let s = bytes.u64(record + 40), let o = bytes.u64(record + 48)
            else { throw Damaged(reason: "a damaged ZIP64 end of central directory") }
            (count, size, offset) = (c, s, o)
        } else if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            throw Damaged(reason: "ZIP64 values without a ZIP64 record")
        }
        // The directory must lie inside the archive, and each entry takes at least 46 bytes.
        guard let start = Self.index(offset), let length = Self.index(size), start <= n, length <= n - start,
            count <= size / 46
        else { throw Damaged(reason: "the central directory lies outside the file") }
        let directoryEnd = start + length
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        var p = start
        for _ in 0..<count {
            guard p <= directoryEnd - 46, bytes.u32(p) == 0x0201_4B50, let flags = bytes.u16(p + 8),
                let method = bytes.u16(p + 10), let csize32 = bytes.u32(p + 20), let usize32 = bytes.u32(p + 24),
                let nameLength = bytes.u16(p + 28), let extraLength = bytes.u16(p + 30),
                let commentLength = bytes.u16(p + 32), let local32 = bytes.u32(p + 42),
                p + 46 + nameLength + extraLength + commentLength <= directoryEnd
            else { throw Damaged(reason: "a damaged central directory entry") }
            let name = data.subdata(in: data.startIndex + p + 46..<data.startIndex + p + 46 + nameLength)
            var usize = UInt64(usize32)
            var csize = UInt64(csize32)
            var local = UInt64(local32)
            if usize32 == 0xFFFF_FFFF || csize32 == 0xFFFF_FFFF || local32 == 0xFFFF_FFFF {
                // The ZIP64 extended information field holds, in this order, each value whose
                // 32-bit field is 0xFFFFFFFF.
                var e = p + 46 + nameLength
                let extraEnd = e + extraLength
                var found = false
                while e + 4 <= extraEnd, let id = bytes.u16(e), let length = bytes.u16(e + 2) {
                    guard e + 4 + length <= extraEnd else { break }
                    if id == 0x0001 {
                        var field = e + 4
                        func next() throws(Damaged) -> UInt64 {
                            guard field + 8 <= e + 4 + length, let v = bytes.u64(field) else {
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
            guard let localAt = Self.index(local), localAt <= n - 30, bytes.u32(localAt) == 0x0403_4B50,
                let localName = bytes.u16(localAt + 26), let localExtra = bytes.u16(localAt + 28),
                let compressed = Self.index(csize), let uncompressed = Self.index(usize)
            else { throw Damaged(reason: "an entry's local header lies outside the file") }
            let dataStart = localAt + 30 + localName + localExtra
            guard dataStart <= n, compressed <= n - dataStart else {
                throw Damaged(reason: "an entry's data lies outside the file")
            }
            entries.append(
                Entry(
                    path: String(decoding: name, as: UTF8.self), method: UInt16(method), encrypted: flags & 1 != 0,
                    compressedSize: compressed, uncompressedSize: uncompressed, dataStart: dataStart))
            p += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The entry's bytes, inflated; at most `limit` of them (`TooLarge` beyond, counted on
    /// what comes out: a directory's sizes can lie).
    func contents(of entry: Entry, limit: Int) throws -> Data {
        let start = data.startIndex + entry.dataStart
        let compressed = entry.compressedSize
        guard !entry.encrypted else { throw Damaged(reason: "an encrypted entry") }
        switch entry.method {
        case 0:
            guard compressed <= limit else { throw TooLarge() }
            return data.subdata(in: start..<start + compressed)
        case 8:
            var out = Data()
            out.reserveCapacity(min(entry.uncompressedSize, limit))
            // No CRC-32: ZIPFoundation computes it in Swift on Linux (~5% of reading a large
            // sheet), and a damaged part almost always fails to inflate or to parse anyway.
            let bufferSize = 256 * 1024
            _ = try Data.decompress(
                size: Int64(compressed), bufferSize: bufferSize, skipCRC32: true,
                provider: { position, size in
                    // Past the entry's end the stream is cut short: an error, not an empty
                    // chunk (on which the inflater would wait for ever).
                    let from = Int(position)
                    guard from < compressed else { throw Damaged(reason: "a truncated deflate stream") }
                    var chunk = data.subdata(in: start + from..<start + min(compressed, from + size))
                    // ZIPFoundation tells zlib that every chunk holds `bufferSize` bytes
                    // (`avail_in`), so a shorter last chunk would let zlib read past it: pad it
                    // with zeros, which a complete stream never reaches.
                    if chunk.count < bufferSize { chunk.append(Data(count: bufferSize - chunk.count)) }
                    return chunk
                },
                consumer: { chunk in
                    out.append(chunk)
                    if out.count > limit { throw TooLarge() }
                })
            return out
        default:
            throw Damaged(reason: "compression method \(entry.method)")
        }
    }

    struct TooLarge: Error {}

    /// A 64-bit value from the file as an index, when it can be one.
    static func index(_ value: UInt64) -> Int? { value <= UInt64(Int.max) ? Int(value) : nil }

    /// Little-endian fields at offsets from the data's start; nil outside the data.
    private struct Bytes {
        let data: Data

        func u8(_ i: Int) -> Int? {
            i >= 0 && i < data.count ? Int(data[data.startIndex + i]) : nil
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
