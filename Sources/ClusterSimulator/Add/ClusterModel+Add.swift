extension ClusterModel {
    /// The cluster-side check of an add's pin options, made before any content is read (a real
    /// cluster fails these only at the end, which is how ipfs-cluster issue 2123 arises).
    func validateAddPin(_ options: PinOptions) -> String? {
        options.validate(defaultMin: config.replicationMin, defaultMax: config.replicationMax).error
    }

    /// Pins added content like any pin; returns its allocations (empty = everywhere) or the error.
    func pinAdded(cid: String, options: PinOptions, contacted: Int) -> Result<[String], AddPinFailure> {
        switch pin(cid: cid, options: options, contacted: contacted) {
        case .ok:
            guard let i = store.find(cid) else { return .success([]) }
            return .success(allocatedPeerIDs(i))
        case .failure(_, let message):
            return .failure(AddPinFailure(message: message))
        }
    }
}

struct AddPinFailure: Error {
    let message: String
}
