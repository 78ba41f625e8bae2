// libFuzzer target: the AWS CLI ECS export reader (Sources/ECSState): BOMs, warnings before the
// JSON, appended documents, --query reshaping, every document kind. Compiled by Scripts/fuzz with
// Sources/ECSState/*.swift.

@_cdecl("LLVMFuzzerTestOneInput")
public func ecsExportFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let file = try ECSExportReader.parse(bytes: bytes, file: "/fuzz/export.json")
        _ = ECSStateMerger.merge(files: [file], statuses: [], directoryProblem: nil, previous: ECSSnapshot())
    } catch {
        _ = error.description
    }
    return 0
}
