import ConsoleCore
import Foundation
import Testing
@testable import ConsoleUI

/// A peer whose own API address stopped answering says so in STATE, not only in the last column
/// (ADDRESSES), which is the first one cut on a narrow or crowded screen.
@MainActor
struct PeersDirectAPITests {
    @Test func apiDownIsInTheStateColumnAtEveryWidth() {
        var app = UIFixture.app()
        var down = DirectAddress(url: "http://10.0.2.7:9094", hostPort: "10.0.2.7:9094", origin: .configured, expectedPeer: UIFixture.p2)
        down.confirmed = true
        down.failingSince = UIFixture.t0.addingTimeInterval(-40)
        var up = DirectAddress(url: "http://10.0.1.12:9094", hostPort: "10.0.1.12:9094", origin: .configured, expectedPeer: UIFixture.p1)
        up.confirmed = true
        app.core.direct.add(down)
        app.core.direct.add(up)
        for width in [80, 200] {
            let s = UIFixture.render(&app, width: width, height: 24)
            let row1 = s.trimmedLines().first { $0.hasPrefix("IpfsCluster1") } ?? ""
            #expect(row1.contains("API DOWN"), "\(width) columns: \(row1)")
            let row0 = s.trimmedLines().first { $0.hasPrefix("IpfsCluster0") } ?? ""
            #expect(!row0.contains("DOWN"), "\(width) columns: \(row0)")
        }
    }
}
