// libFuzzer target: the configuration file parser (ConsoleCore/Config/ConfigFile.swift over
// TOMLKit): contexts, hosts, secrets by name, durations. Compiled by Scripts/fuzz with that file
// and the package's TOMLKit objects.

@_cdecl("LLVMFuzzerTestOneInput")
public func configFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let file = try ConfigFile.parse(text, path: "/fuzz/config.toml")
        for (_, context) in file.contexts { _ = String(describing: context) }
    } catch {
        _ = String(describing: error)
    }
    return 0
}
