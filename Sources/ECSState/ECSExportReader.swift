import Foundation

/// Reads AWS CLI `--output json` exports of ECS. Recognises the document from its keys (never the
/// file name), copes with what real exports contain (warnings before the JSON, BOMs, appended
/// documents, `--query` reshaping) and turns everything else into a specific `ECSExportProblem`.
public enum ECSExportReader {
    /// Files above this are refused: an export of a 20-peer cluster is a few hundred KiB, so a file
    /// this big is a mistake and reading it would stall the console.
    public static let defaultSizeLimit = 64 * 1024 * 1024

    /// Reads and classifies one file.
    public static func read(path: String, sizeLimit: Int = defaultSizeLimit) throws(ECSExportProblem) -> ECSExportFile {
        if let kind = ECSInputCheck.problem(at: path) { throw ECSExportProblem(file: path, kind: kind) }
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw ECSExportProblem(file: path, kind: .unreadable(reason: reasonText(error)))
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > sizeLimit { throw ECSExportProblem(file: path, kind: .tooLarge(size: size, limit: sizeLimit)) }
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            data = try handle.read(upToCount: sizeLimit + 1) ?? Data()
        } catch {
            throw ECSExportProblem(file: path, kind: .unreadable(reason: reasonText(error)))
        }
        if data.count > sizeLimit { throw ECSExportProblem(file: path, kind: .tooLarge(size: data.count, limit: sizeLimit)) }
        var file = try parse(bytes: [UInt8](data), file: path)
        file.modified = attributes[.modificationDate] as? Date
        return file
    }

    /// Classifies export bytes; `file` is used only in messages.
    public static func parse(bytes input: [UInt8], file: String) throws(ECSExportProblem) -> ECSExportFile {
        var notes: [ECSExportNote] = []
        var bytes = try decodeText(input, file: file, notes: &notes)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw ECSExportProblem(file: file, kind: .empty)
        }
        guard let start = jsonStart(bytes) else {
            throw ECSExportProblem(file: file, kind: .notJSON(firstLine: firstLine(bytes, from: 0)))
        }
        if start > 0 {
            notes.append(ECSExportNote(file: file, message:
                "skipped \(start) bytes of text before the JSON (\"\(firstLine(bytes, from: 0))\")"))
        }
        var parser = JSONParser(bytes: bytes, start: start)
        let values: [JSONValue]
        do {
            values = try parser.parseAll()
        } catch {
            if error.atEndOfInput {
                throw ECSExportProblem(file: file, kind: .truncated(line: error.line, column: error.column, offset: error.offset))
            }
            throw ECSExportProblem(file: file, kind: .syntax(line: error.line, column: error.column,
                                                             offset: error.offset, detail: error.message))
        }
        bytes = []
        var documents: [ECSExportDocument] = []
        var firstProblem: ECSExportProblem?
        for (index, value) in values.enumerated() {
            let label = values.count > 1 ? "document \(index + 1): " : ""
            do {
                let doc = try classify(value, file: file, label: label, notes: &notes)
                documents.append(doc)
            } catch {
                if values.count == 1 { throw error }
                firstProblem = firstProblem ?? error
                notes.append(ECSExportNote(file: file, message: "\(label)skipped: \(error.description)"))
            }
        }
        if documents.isEmpty, let firstProblem { throw firstProblem }
        return ECSExportFile(path: file, documents: documents, notes: notes, modified: nil)
    }

    // MARK: - Text level

    private static func decodeText(_ input: [UInt8], file: String, notes: inout [ECSExportNote]) throws(ECSExportProblem) -> [UInt8] {
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(input.dropFirst(3)) }
        if input.starts(with: [0xFF, 0xFE]) || input.starts(with: [0xFE, 0xFF]) {
            let encoding: String.Encoding = input[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            guard let text = String(data: Data(input.dropFirst(2)), encoding: encoding) else {
                throw ECSExportProblem(file: file, kind: .binary(offset: 2))
            }
            notes.append(ECSExportNote(file: file, message: "UTF-16 file (PowerShell redirect?) read as text; byte offsets refer to UTF-8"))
            return Array(text.utf8)
        }
        if let nul = input.firstIndex(of: 0) { throw ECSExportProblem(file: file, kind: .binary(offset: nul)) }
        if String(bytes: input, encoding: .utf8) == nil {
            throw ECSExportProblem(file: file, kind: .binary(offset: firstInvalidUTF8(input)))
        }
        return input
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            if i + length > bytes.count { return i }
            for k in 1..<max(length, 1) where bytes[i + k] & 0xC0 != 0x80 { return i }
            if length > 1, String(bytes: bytes[i..<(i + length)], encoding: .utf8) == nil { return i }
            i += length
        }
        return bytes.count
    }

    /// Offset of the JSON: the first non-blank byte if it opens a value, else the first line that
    /// starts with `{` (or `[` followed by a value), so CLI warnings before the JSON are skipped.
    private static func jsonStart(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") || bytes[i] == UInt8(ascii: "\"") { return i }
        var lineStart = 0
        while lineStart < bytes.count {
            var j = lineStart
            while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
            if j < bytes.count {
                if bytes[j] == UInt8(ascii: "{") { return j }
                if bytes[j] == UInt8(ascii: "[") {
                    var k = j + 1
                    while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x0A || bytes[k] == 0x0D || bytes[k] == 0x09 { k += 1 }
                    if k >= bytes.count || [UInt8(ascii: "{"), UInt8(ascii: "\""), UInt8(ascii: "]")].contains(bytes[k]) { return j }
                }
            }
            guard let newline = bytes[lineStart...].firstIndex(of: 0x0A) else { break }
            lineStart = newline + 1
        }
        return nil
    }

    private static func firstLine(_ bytes: [UInt8], from: Int) -> String {
        var start = from
        while start < bytes.count, bytes[start] == 0x0A || bytes[start] == 0x0D || bytes[start] == 0x20 { start += 1 }
        let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
        return sanitizedForDisplay(String(decoding: bytes[start..<end], as: UTF8.self), limit: 60)
    }

    static func reasonText(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return POSIXError(code).localizedDescription
        }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError: return "permission denied"
            default: break
            }
        }
        return ns.localizedDescription
    }

    // MARK: - Document level

    private static func classify(_ value: JSONValue, file: String, label: String,
                                 notes: inout [ECSExportNote]) throws(ECSExportProblem) -> ECSExportDocument {
        switch value {
        case .object(let fields):
            return try classifyObject(fields, value: value, file: file, label: label, notes: &notes)
        case .array(let items):
            return try classifyArray(items, file: file, label: label, notes: &notes)
        default:
            throw ECSExportProblem(file: file, kind: .reshaped(detail:
                "\(label)a bare \(value.kindDescription) (a --query result?), not an ECS document"))
        }
    }

    private static func classifyObject(_ fields: [String: JSONValue], value: JSONValue, file: String, label: String,
                                       notes: inout [ECSExportNote]) throws(ECSExportProblem) -> ECSExportDocument {
        func failures() -> [ECSFailure] {
            (fields["failures"]?.arrayValue ?? []).map {
                ECSFailure(arn: $0["arn"]?.stringValue, reason: $0["reason"]?.stringValue,
                           detail: $0["detail"]?.stringValue, file: file)
            }
        }
        func objects<T>(_ key: String, _ what: String, _ make: (JSONValue) -> T?) -> [T] {
            let items = fields[key]?.arrayValue ?? []
            let made = items.compactMap(make)
            if made.count < items.count {
                notes.append(ECSExportNote(file: file, message:
                    "\(label)skipped \(items.count - made.count) of \(items.count) \(key) entries that are not \(what)"))
            }
            return made
        }
        if let arns = fields["taskArns"]?.arrayValue {
            var doc = ECSExportDocument(kind: .listTasks)
            doc.listedARNs = arns.compactMap(\.stringValue)
            return doc
        }
        if fields["tasks"]?.arrayValue != nil {
            var doc = ECSExportDocument(kind: .describeTasks)
            doc.tasks = objects("tasks", "tasks (no taskArn)", ECSTask.init(json:))
            doc.failures = failures()
            return doc
        }
        if let task = fields["task"], let parsed = ECSTask(json: task) {
            var doc = ECSExportDocument(kind: .describeTasks)
            doc.tasks = [parsed]
            return doc
        }
        if fields["services"]?.arrayValue != nil {
            var doc = ECSExportDocument(kind: .describeServices)
            doc.services = objects("services", "services (no serviceName)", ECSService.init(json:))
            doc.failures = failures()
            return doc
        }
        if let service = fields["service"], let parsed = ECSService(json: service) {
            var doc = ECSExportDocument(kind: .describeServices)
            doc.services = [parsed]
            return doc
        }
        if let arns = fields["serviceArns"]?.arrayValue {
            var doc = ECSExportDocument(kind: .listServices)
            doc.listedARNs = arns.compactMap(\.stringValue)
            return doc
        }
        if let arns = fields["clusterArns"]?.arrayValue {
            var doc = ECSExportDocument(kind: .listClusters)
            doc.listedARNs = arns.compactMap(\.stringValue)
            return doc
        }
        if fields["clusters"]?.arrayValue != nil {
            var doc = ECSExportDocument(kind: .describeClusters)
            doc.clusters = objects("clusters", "clusters (no clusterName)", ECSCluster.init(json:))
            doc.failures = failures()
            return doc
        }
        if let definition = fields["taskDefinition"], let parsed = ECSTaskDefinition(json: definition) {
            var doc = ECSExportDocument(kind: .describeTaskDefinition)
            doc.taskDefinitions = [parsed]
            return doc
        }
        // EFS, CloudWatch, ELB and Cloud Map exports kept in the same folder.
        if let aws = AWSExportClassifier.classify(fields, file: file, label: label, notes: &notes) { return aws }
        // A single object pulled out with --query (`tasks[0]`, `services[0]`, `taskDefinition`).
        if let single = recogniseItem(value) {
            notes.append(ECSExportNote(file: file, message:
                "\(label)a single \(single.kind.rawValue) object without its envelope (--query?); read as is"))
            return single
        }
        throw ECSExportProblem(file: file, kind: .notAnExport(reason: label + describeForeign(fields)))
    }

    /// A one-item document for an object that is itself a task, service, cluster or task definition.
    private static func recogniseItem(_ value: JSONValue) -> ECSExportDocument? {
        if value["taskArn"]?.stringValue != nil, let task = ECSTask(json: value) {
            var doc = ECSExportDocument(kind: .describeTasks); doc.tasks = [task]; return doc
        }
        if value["serviceName"]?.stringValue != nil || value["serviceArn"]?.stringValue != nil, let s = ECSService(json: value) {
            var doc = ECSExportDocument(kind: .describeServices); doc.services = [s]; return doc
        }
        if value["containerDefinitions"] != nil, let d = ECSTaskDefinition(json: value) {
            var doc = ECSExportDocument(kind: .describeTaskDefinition); doc.taskDefinitions = [d]; return doc
        }
        if value["clusterName"]?.stringValue != nil, value["taskArn"] == nil, let c = ECSCluster(json: value) {
            var doc = ECSExportDocument(kind: .describeClusters); doc.clusters = [c]; return doc
        }
        return nil
    }

    private static func classifyArray(_ items: [JSONValue], file: String, label: String,
                                      notes: inout [ECSExportNote]) throws(ECSExportProblem) -> ECSExportDocument {
        guard let first = items.first else {
            throw ECSExportProblem(file: file, kind: .reshaped(detail: "\(label)an empty bare array (a --query result?); nothing to read"))
        }
        if let queries = AWSExportClassifier.classifyQueries(items, file: file, label: label, notes: &notes) { return queries }
        let strings = items.compactMap(\.stringValue)
        if strings.count == items.count {
            let kind: ECSExportKind?
            if strings.allSatisfy(ECSARN.isTaskARN) { kind = .listTasks }
            else if strings.allSatisfy({ $0.hasPrefix("arn:") && $0.contains(":service/") }) { kind = .listServices }
            else if strings.allSatisfy({ $0.hasPrefix("arn:") && $0.contains(":cluster/") }) { kind = .listClusters }
            else { kind = nil }
            guard let kind else {
                throw ECSExportProblem(file: file, kind: .reshaped(detail:
                    "\(label)a bare array of \(items.count) strings that are not ECS ARNs (first: \"\(sanitizedForDisplay(strings[0], limit: 60))\")"))
            }
            notes.append(ECSExportNote(file: file, message: "\(label)a bare array of ARNs (--query?); read as \(kind.rawValue)"))
            var doc = ECSExportDocument(kind: kind)
            doc.listedARNs = strings
            return doc
        }
        var merged: ECSExportDocument?
        var unrecognised = 0
        for item in items {
            guard let doc = recogniseItem(item), merged == nil || merged?.kind == doc.kind else {
                unrecognised += 1
                continue
            }
            if merged == nil { merged = doc } else {
                merged!.tasks += doc.tasks; merged!.services += doc.services
                merged!.clusters += doc.clusters; merged!.taskDefinitions += doc.taskDefinitions
            }
        }
        guard let merged else {
            let shape: String
            if let keys = first.objectValue?.keys.sorted() {
                shape = "objects with keys \(keys.prefix(8).joined(separator: ", "))"
            } else {
                shape = "\(first.kindDescription) items"
            }
            throw ECSExportProblem(file: file, kind: .reshaped(detail:
                "\(label)a bare array of \(items.count) \(shape); no taskArn, serviceName, clusterName or containerDefinitions to map it"))
        }
        var message = "\(label)a bare array (--query?); read \(items.count - unrecognised) \(merged.kind.rawValue) items, fields left out by the query are unknown"
        if unrecognised > 0 { message += "; \(unrecognised) items not recognised" }
        notes.append(ECSExportNote(file: file, message: message))
        return merged
    }

    /// Names well-known non-ECS JSON so the operator knows what the file is instead.
    private static func describeForeign(_ fields: [String: JSONValue]) -> String {
        if let events = fields["events"]?.arrayValue {
            if fields["nextForwardToken"] != nil { return "CloudWatch Logs get-log-events output (for the logs view)" }
            if events.first?["logStreamName"] != nil || fields["searchedLogStreams"] != nil {
                return "CloudWatch Logs filter-log-events output (for the logs view)"
            }
        }
        if fields["logStreams"] != nil { return "CloudWatch Logs describe-log-streams output" }
        if fields["logGroups"] != nil { return "CloudWatch Logs describe-log-groups output" }
        if fields["Instances"] != nil { return "Cloud Map list-instances output" }
        if fields["TargetHealthDescriptions"] != nil { return "ELB describe-target-health output" }
        if fields["detail-type"] != nil { return "an EventBridge event" }
        let keys = fields.keys.sorted()
        if keys.isEmpty { return "an empty JSON object" }
        return "unrecognised JSON object with keys \(keys.prefix(8).map { sanitizedForDisplay($0, limit: 40) }.joined(separator: ", "))"
    }
}
