/// Written by hand because the environment is a list of tuples (not `Codable`). Each variable
/// is stored as one `NAME=value` string: a recording's redaction then sees the name next to the
/// value, so `CLUSTER_SECRET=...` is masked like any other secret-named key.
extension ECSContainerDefinition: Codable {
    enum Keys: String, CodingKey { case name, image, essential, environment, command, logConfiguration }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        name = try c.decode(String.self, forKey: .name)
        image = try c.decodeIfPresent(String.self, forKey: .image)
        essential = try c.decode(Bool.self, forKey: .essential)
        environment = try c.decode([String].self, forKey: .environment).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : "")
        }
        command = try c.decode([String].self, forKey: .command)
        logConfiguration = try c.decodeIfPresent(ECSLogConfiguration.self, forKey: .logConfiguration)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(image, forKey: .image)
        try c.encode(essential, forKey: .essential)
        try c.encode(environment.map { "\($0.name)=\($0.value)" }, forKey: .environment)
        try c.encode(command, forKey: .command)
        try c.encodeIfPresent(logConfiguration, forKey: .logConfiguration)
    }
}
