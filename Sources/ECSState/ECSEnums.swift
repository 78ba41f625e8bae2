import Foundation

// ECS enumerations are open: AWS adds values (e.g. the `InfrastructureHealth` stop code) and the
// model types several of them as plain strings. Each is a string wrapper with the known values as
// constants, so an unknown value is kept and shown verbatim instead of failing the whole file.

/// Task `lastStatus` / `desiredStatus` (lifecycle states; the model types them as strings).
public struct ECSTaskStatus: Codable, RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let provisioning = Self(rawValue: "PROVISIONING")
    public static let pending = Self(rawValue: "PENDING")
    public static let activating = Self(rawValue: "ACTIVATING")
    public static let running = Self(rawValue: "RUNNING")
    public static let deactivating = Self(rawValue: "DEACTIVATING")
    public static let stopping = Self(rawValue: "STOPPING")
    public static let deprovisioning = Self(rawValue: "DEPROVISIONING")
    public static let stopped = Self(rawValue: "STOPPED")
    public static let deleted = Self(rawValue: "DELETED")

    /// True once the task is on its way out (the peer it carries is going away or gone).
    public var isStoppingOrStopped: Bool {
        [Self.deactivating, .stopping, .deprovisioning, .stopped, .deleted].contains(self)
    }
    /// True before RUNNING (still being placed, pulled or attached).
    public var isStarting: Bool { [Self.provisioning, .pending, .activating].contains(self) }
}

/// Task and container `healthStatus`.
public struct ECSHealthStatus: Codable, RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let healthy = Self(rawValue: "HEALTHY")
    public static let unhealthy = Self(rawValue: "UNHEALTHY")
    public static let unknown = Self(rawValue: "UNKNOWN")
}

/// Task `stopCode` (`TaskStopCode`); the machine-readable half of why a task stopped.
public struct ECSStopCode: Codable, RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let taskFailedToStart = Self(rawValue: "TaskFailedToStart")
    public static let essentialContainerExited = Self(rawValue: "EssentialContainerExited")
    public static let userInitiated = Self(rawValue: "UserInitiated")
    public static let serviceSchedulerInitiated = Self(rawValue: "ServiceSchedulerInitiated")
    public static let spotInterruption = Self(rawValue: "SpotInterruption")
    public static let terminationNotice = Self(rawValue: "TerminationNotice")
    public static let infrastructureHealth = Self(rawValue: "InfrastructureHealth")
}
