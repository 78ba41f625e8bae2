import Foundation

/// An EFS file system as `aws efs describe-file-systems` reports it. One Zone file systems carry
/// their AZ, which is how a peer's volume is found when the task definition was not exported.
public struct EFSFileSystem: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var arn: String?
    public var name: String?
    /// Set for One Zone file systems (`AvailabilityZoneName`); nil for Regional ones.
    public var availabilityZone: String?
    public var lifeCycleState: String?
    /// `bursting`, `provisioned` or `elastic`: only bursting file systems spend credits.
    public var throughputMode: String?
    public var performanceMode: String?
    public var provisionedThroughputMiBps: Double?
    /// `SizeInBytes.Value` (metered size, updated about hourly by AWS).
    public var sizeBytes: Double?
    public var sizeTimestamp: Date?
    public var createdAt: Date?
    public var numberOfMountTargets: Int?
    public var tags: [String: String]

    public init(id: String, arn: String? = nil, name: String? = nil, availabilityZone: String? = nil,
                lifeCycleState: String? = nil, throughputMode: String? = nil, performanceMode: String? = nil,
                provisionedThroughputMiBps: Double? = nil, sizeBytes: Double? = nil, sizeTimestamp: Date? = nil,
                createdAt: Date? = nil, numberOfMountTargets: Int? = nil, tags: [String: String] = [:]) {
        self.id = id; self.arn = arn; self.name = name; self.availabilityZone = availabilityZone
        self.lifeCycleState = lifeCycleState; self.throughputMode = throughputMode; self.performanceMode = performanceMode
        self.provisionedThroughputMiBps = provisionedThroughputMiBps; self.sizeBytes = sizeBytes
        self.sizeTimestamp = sizeTimestamp; self.createdAt = createdAt; self.numberOfMountTargets = numberOfMountTargets
        self.tags = tags
    }

    /// Baseline throughput of a bursting file system: 50 KiB/s per GiB stored (AWS docs). Spending
    /// above it drains credits; nil when the size is unknown.
    public var baselineBytesPerSecond: Double? {
        sizeBytes.map { $0 / 1_073_741_824 * 50 * 1024 }
    }
}

/// A mount target (`aws efs describe-mount-targets`): the NFS endpoint in one subnet/AZ.
public struct EFSMountTarget: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var fileSystemID: String
    public var subnetID: String?
    public var ipAddress: String?
    public var availabilityZone: String?
    public var lifeCycleState: String?
    public var networkInterfaceID: String?

    public init(id: String, fileSystemID: String, subnetID: String? = nil, ipAddress: String? = nil,
                availabilityZone: String? = nil, lifeCycleState: String? = nil, networkInterfaceID: String? = nil) {
        self.id = id; self.fileSystemID = fileSystemID; self.subnetID = subnetID; self.ipAddress = ipAddress
        self.availabilityZone = availabilityZone; self.lifeCycleState = lifeCycleState; self.networkInterfaceID = networkInterfaceID
    }
}
