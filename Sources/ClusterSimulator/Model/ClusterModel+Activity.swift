/// Pin activity driven by scenarios (what users of a real cluster do in the background).
extension ClusterModel {
    /// Pins a fresh random CID through a random live peer; returns the CID.
    @discardableResult
    func backgroundPin(rmin: Int, rmax: Int, errorRate: Double) -> String? {
        guard let contacted = peers.indices.filter({ peers[$0].state == .running }).randomElement(using: &rng) else { return nil }
        let cid = Identifiers.randomCID(&rng)
        var o = PinOptions()
        o.name = "upload-\(Int(wall(now)) % 100_000)-\(rng.next() % 1000)"
        o.rmin = rmin
        o.rmax = rmax
        if rng.next() % 4 == 0 { o.metadata = ["source": "scenario"] }
        guard case .ok = pin(cid: cid, options: o, contacted: contacted) else { return nil }
        if errorRate > 0, let i = store.find(cid) {
            for p in peers.indices where store.isAllocated(i, p) && Double(rng.next() % 10_000) / 10_000 < errorRate {
                if var op = store.ops[PinStore.opKey(i, p)] { op.willFail = true; store.ops[PinStore.opKey(i, p)] = op }
                failNext.insert(PinStore.opKey(i, p))
            }
        }
        backgroundPins.append(cid)
        return cid
    }

    func backgroundUnpin() {
        guard !backgroundPins.isEmpty, let contacted = peers.indices.first(where: { peers[$0].state == .running }) else { return }
        let cid = backgroundPins.removeFirst()
        _ = unpin(cid: cid, contacted: contacted)
    }

    func pinBurst(_ count: Int, rmin: Int, rmax: Int, errorRate: Double) {
        for _ in 0..<count { backgroundPin(rmin: rmin, rmax: rmax, errorRate: errorRate) }
    }

    /// What `ipfs-cluster-ctl recover` does cluster-wide.
    func recoverAllNow() {
        let live = peers.indices.filter { peers[$0].state == .running }
        var cursor = 0
        while cursor < store.count {
            let (found, next) = pinsInError(onPeers: live, from: cursor, limit: 1000)
            for i in found { recover(i, onPeers: live) }
            if next <= cursor { break }
            cursor = next
        }
    }

    func peers(inAZ az: String) -> [Int] { peers.indices.filter { peers[$0].az == az } }
}
