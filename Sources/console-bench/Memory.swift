import Foundation

/// Resident set size in bytes, from /proc/self/statm (Linux); 0 where unavailable.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Monotonic seconds.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// CPU seconds of the calling thread: on a shared, loaded machine wall time measures the
/// neighbours, so every timed figure reports both.
func cpuNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// CPU seconds of the whole process (every thread): what a section costs when it uses workers.
func processCPUNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Wall and CPU time of one measured section.
struct Stopwatch {
    let wall0 = now()
    let cpu0 = cpuNow()
    var wall: Double { now() - wall0 }
    var cpu: Double { cpuNow() - cpu0 }
}

/// glibc's `mallopt(M_MMAP_THRESHOLD, bytes)`; malloc.h is not in the Glibc module, so it is
/// looked up at run time. A fixed threshold also stops glibc's dynamic raising of it.
func setMmapThreshold(_ bytes: Int32) {
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let sym = dlsym(nil, "mallopt") else { return }
    let mallopt = unsafeBitCast(sym, to: Mallopt.self)
    _ = mallopt(-3, bytes) // M_MMAP_THRESHOLD
}
