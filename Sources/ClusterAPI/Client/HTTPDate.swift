import ConsoleBase
import Foundation

/// Parses the HTTP `Date` header (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`).
///
/// Why: the `Date` of each response is the cluster's clock, which judges metric expiry and alert
/// ages (a console whose own clock is off must not call healthy peers expired). Only the
/// preferred form is read: Go's `net/http` and every proxy in front of a cluster send it.
public enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The time, or nil when the value is not an IMF-fixdate.
    public static func parse(_ value: String) -> Date? {
        // "Sun," "06" "Nov" "1994" "08:49:37" "GMT"
        let parts = value.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 6, parts[5] == "GMT", parts[0].hasSuffix(","),
              let day = Int64(parts[1]), let monthIndex = months.firstIndex(of: String(parts[2])), let year = Int64(parts[3]) else { return nil }
        let hms = parts[4].split(separator: ":")
        guard hms.count == 3, let h = Int64(hms[0]), let m = Int64(hms[1]), let s = Int64(hms[2]),
              (1...CivilDate.daysInMonth(year: year, month: Int64(monthIndex + 1))).contains(day),
              (0..<24).contains(h), (0..<60).contains(m), (0...60).contains(s) else { return nil }
        let days = CivilDate.days(year: year, month: Int64(monthIndex + 1), day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + h * 3_600 + m * 60 + s))
    }
}

/// Who answered one HTTP call and what its clock said: handed to `ClusterClient.responseObserver`.
public struct ResponseOrigin: Codable, Sendable, Equatable {
    /// `host:port` as dialled.
    public var host: String
    /// The peer that last answered `/id` on that host (behind a load balancer: a hint).
    public var peer: String?
    /// HTTP status of the response.
    public var status: Int
    /// The response's `Date` header (whole seconds), nil when absent or unreadable.
    public var serverDate: Date?

    public init(host: String, peer: String? = nil, status: Int, serverDate: Date?) {
        self.host = host; self.peer = peer; self.status = status; self.serverDate = serverDate
    }
}

extension ClusterClient {
    /// Called with every response's origin (status line and headers arrived) for calls made
    /// inside `ClusterClient.$responseObserver.withValue(...)`.
    ///
    /// Why a task-local instead of a parameter: the console's runner wants the `Date` of each
    /// poll (the cluster's clock) without every typed call growing a second return value; calls
    /// that do not ask pay nothing.
    @TaskLocal public static var responseObserver: ResponseObserver?
}

/// What `ClusterClient.$responseObserver` holds: a function called with each response's origin.
///
/// Why a class around the closure and not the closure itself: with a task-local of optional
/// function type, the release build (Swift 6.3.1, whole-module optimisation) crashed in
/// `swift_task_localValuePush` on the first poll (a bad type-metadata pointer, address
/// 0xfffffffffffffff8), so the optimised console died at start while debug builds ran fine.
public final class ResponseObserver: Sendable {
    let observe: @Sendable (ResponseOrigin) -> Void
    public init(_ observe: @escaping @Sendable (ResponseOrigin) -> Void) { self.observe = observe }
}
