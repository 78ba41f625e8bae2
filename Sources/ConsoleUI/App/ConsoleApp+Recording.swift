import ConsoleCore
import Foundation
import TerminalUI

/// Keys of the flight recorder and of a replay, for dispatch and help.
enum RecordingKeys {
    static let toggle = Key.ctrl("r")

    static let recordHelp = KeyMapSection("Recording", [
        KeyBinding("ctrl-r", "start / stop recording every event to a file (REC in the header)"),
    ])

    static let replayHelp = KeyMapSection("Replay (actions are refused)", [
        KeyBinding("space", "pause / play"),
        KeyBinding(".", "step: jump to the next event (pauses)"),
        KeyBinding(">", "jump to the next change of a triage verdict (pauses)"),
        KeyBinding("+ / -", "faster / slower (x0.25 to x64)"),
    ])
}

extension ConsoleApp {
    /// Hands an event the core just applied to the primer and, while recording, to the recorder.
    mutating func record(_ event: TimedEvent) {
        guard event.event.isRecorded else { return }
        primer.take(event)
        recorder?.record(event, sync: RecordingCheckpoint(state: core))
    }

    /// Whether the header says REC.
    public var isRecording: Bool { recorder != nil }

    /// The header's mode segment: the replay's banner, or REC.
    var headerMode: StatusSegment? {
        if let r = replay { return StatusSegment(r.label, role: .critical) }
        if let rec = recorder { return StatusSegment("REC " + (rec.path as NSString).lastPathComponent, role: .error) }
        return nil
    }

    /// ctrl-r: starts a recording with a checkpoint of the state as it is (the file replays from
    /// the next answers on), or stops the running one.
    mutating func toggleRecording() {
        if let r = recorder {
            recorder = nil
            Task { await r.stop() }
            ui.notice = ("recording stopped: \(r.path)", false)
            return
        }
        let setup = recordingSetup ?? RecordingSetup(writerVersion: "unknown")
        let now = clock()
        let options = setup.optionsForKey(now: now, used: recordFileUsed)
        let loop = self.loop
        do {
            recorder = try EventRecorder(options: options, settings: core.settings, writerVersion: setup.writerVersion, startedAt: now,
                                         checkpoint: RecordingCheckpoint(state: core, primer: primer.events), primer: primer,
                                         onProblem: { message in loop?.post(.notice(message, level: .error)) })
            recordFileUsed = true
            ui.notice = ("recording to \(options.path) (ctrl-r stops)", false)
        } catch {
            ui.notice = ("\(error)", true)
        }
    }

    /// Flushes and closes the recording (at quit).
    mutating func stopRecording() async {
        guard let r = recorder else { return }
        recorder = nil
        await r.stop()
    }

    /// After `w`: while recording, a copy of the recording goes next to the report.
    mutating func copyRecordingNextToSnapshot(directory: String) {
        guard let r = recorder else { return }
        dispatch(.intent(.copyRecording(path: r.path, directory: directory)))
    }
}
