import ConsoleBase
import Foundation

/// The incident report of a recording at a moment (`snapshot --from-recording FILE --at TIME`):
/// the recording replayed up to that time through the console's update, then the same report
/// the console's `w` and the live `snapshot` write.
public enum RecordingSnapshot {
    /// `at` nil: the end of the recording. The audit lists the actions of the recorded session.
    public static func make(_ recording: Recording, path: String, at: Date?) throws -> IncidentSnapshot {
        guard let first = recording.firstTime, let last = recording.lastTime else {
            throw RecordingError.nothingBefore("the start (the recording holds no event)")
        }
        let time = at ?? last
        guard time >= first else { throw RecordingError.nothingBefore(RFC3339.format(time)) }
        let state = ReplayCursor.state(of: recording, at: time)
        var notes = ["from the recording \(path) at \(RFC3339.format(time))"]
        if let p = recording.problem { notes.append("\(p)") }
        if recording.header.checkpoint != nil { notes.append("the recording starts mid-session: pins and actions before it are missing") }
        return IncidentReport.complete(state, audit: nil, notes: notes).snapshot
    }
}
