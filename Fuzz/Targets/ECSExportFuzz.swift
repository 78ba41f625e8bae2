// libFuzzer target: the AWS CLI export reader (Sources/ECSState): BOMs, warnings before the
// JSON, appended documents, --query reshaping, every document kind (ECS, and the EFS, CloudWatch,
// ELBv2 and Cloud Map exports of Sources/ECSState/AWS), then the merge and the join to peers.
// Compiled by Scripts/fuzz with every file under Sources/ECSState.

import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func ecsExportFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let file = try ECSExportReader.parse(bytes: bytes, file: "/fuzz/export.json")
        let snapshot = ECSStateMerger.merge(files: [file], statuses: [], directoryProblem: nil, previous: ECSSnapshot())
        _ = DeploymentJoin.join(snapshot, correlation: nil, now: Date(timeIntervalSince1970: 1_800_000_000))
    } catch {
        _ = error.description
    }
    return 0
}
