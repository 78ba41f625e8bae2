import Foundation

/// Go encodes nil slices and maps as `null` and omits `omitempty` fields: every wire type
/// decodes through these helpers so that `null`, `[]` and a missing key mean the same thing.
extension KeyedDecodingContainer {
    func list<T: Decodable>(_ key: Key, of _: T.Type = T.self) throws -> [T] {
        try decodeIfPresent([T].self, forKey: key) ?? []
    }

    func map<T: Decodable>(_ key: Key, of _: T.Type = T.self) throws -> [String: T] {
        try decodeIfPresent([String: T].self, forKey: key) ?? [:]
    }

    func string(_ key: Key) throws -> String {
        try decodeIfPresent(String.self, forKey: key) ?? ""
    }

    func int(_ key: Key) throws -> Int {
        try decodeIfPresent(Int.self, forKey: key) ?? 0
    }

    func int64(_ key: Key) throws -> Int64 {
        try decodeIfPresent(Int64.self, forKey: key) ?? 0
    }

    func bool(_ key: Key) throws -> Bool {
        try decodeIfPresent(Bool.self, forKey: key) ?? false
    }

    func time(_ key: Key) throws -> ClusterTime {
        try decodeIfPresent(ClusterTime.self, forKey: key) ?? .goZero
    }
}

/// A coding key for maps keyed by peer IDs and protocol names.
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedEncodingContainer {
    /// Encodes a map with sorted keys, as Go does, so `--json` output is stable and diffable.
    mutating func encodeSortedMap<T: Encodable>(_ map: [String: T], forKey key: Key) throws {
        var nested = nestedContainer(keyedBy: DynamicKey.self, forKey: key)
        for k in map.keys.sorted() {
            try nested.encode(map[k]!, forKey: DynamicKey(k))
        }
    }
}
