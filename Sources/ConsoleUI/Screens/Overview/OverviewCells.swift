import ConsoleCore
import ECSState
import Foundation
import TerminalUI

/// What the overview shows for one peer, column by column: text that stands without colour
/// (`MISSING`, `UNHEALTHY`, `⚠ 1h5m left`), the role that colours it, and a sentence where a
/// source is absent ("no EFS export") rather than a blank.
struct OverviewCells {
    var texts: [OverviewColumn: String] = [:]
    var roles: [OverviewColumn: Role] = [:]

    subscript(_ c: OverviewColumn) -> String { texts[c] ?? "-" }

    /// The inputs every row reads once per frame.
    struct Context {
        var core: ConsoleState
        var deployment: DeploymentPicture?
        /// Error lines in the last five minutes, by the peer name or id the lines carry.
        var recentErrors: [String: Int]
        var now: Date
        var sparkWidth: Int = 6

        var aws: AWSSnapshot? { core.ecs.snapshot?.aws }
    }

    static func of(_ p: PeerInfo, _ ctx: Context) -> OverviewCells {
        var c = OverviewCells()
        c.cluster(p, ctx)
        c.task(p, ctx)
        let d = ctx.deployment?.peer(id: p.id)
        c.alb(d, ctx)
        c.efs(d, ctx)
        c.insights(d, ctx)
        c.alarms(d, ctx)
        let n = (ctx.recentErrors[p.id] ?? 0) + (p.name.isEmpty ? 0 : ctx.recentErrors[p.name] ?? 0)
        if ctx.core.logs.hasSources || n > 0 {
            c.texts[.errors] = n > 0 ? "⚠ \(n)" : "0"
            if n > 0 { c.roles[.errors] = .warning }
        } else {
            c.texts[.errors] = "no logs"
            c.roles[.errors] = .dim
        }
        c.texts[.peer] = p.displayName
        return c
    }

    private mutating func cluster(_ p: PeerInfo, _ ctx: Context) {
        switch p.condition {
        case .ok: texts[.cluster] = "ok"
        case .error: texts[.cluster] = "ERROR"
        case .missing(let since): texts[.cluster] = "MISSING " + PaneTime.duration(ctx.now.timeIntervalSince(since))
        case .ipfsDown: texts[.cluster] = "IPFS DOWN"
        case .unknown: texts[.cluster] = "not seen"
        }
        roles[.cluster] = p.condition.role
        // Polled at its own address, which does not answer: said even while /peers still lists it.
        if let d = ctx.core.direct.address(forPeer: p.id), d.inUse, !d.answering, let since = d.failingSince {
            let down = "API DOWN " + PaneTime.duration(max(0, ctx.now.timeIntervalSince(since)))
            texts[.cluster] = p.condition == .ok ? down : (texts[.cluster] ?? "") + ", " + down
            if p.condition == .ok { roles[.cluster] = .warning }
        }
    }

    private mutating func task(_ p: PeerInfo, _ ctx: Context) {
        guard ctx.core.ecs.haveSnapshot else {
            texts[.task] = "no ECS export"; roles[.task] = .dim
            texts[.zone] = "-"; texts[.capacity] = "-"
            return
        }
        guard let (t, link) = ctx.core.ecs.task(forPeer: p.id) else {
            texts[.task] = "no task"; roles[.task] = .warning
            texts[.zone] = "-"; texts[.capacity] = "-"
            return
        }
        if t.isActive {
            texts[.task] = [t.lastStatus?.rawValue ?? "?", t.healthStatus?.rawValue].compactMap { $0 }.joined(separator: " ")
            roles[.task] = t.healthStatus == .unhealthy ? .error : t.lastStatus?.isStarting == true ? .warning : nil
        } else {
            // A stop code says it stopped (SpotInterruption, TaskFailedToStart...).
            let why = t.stopCode?.rawValue ?? t.lastStatus?.rawValue ?? "STOPPED"
            texts[.task] = (link.hasLikelyCause ? "⚠ " : "") + why
            roles[.task] = link.hasLikelyCause ? .critical : .warning
        }
        texts[.zone] = t.availabilityZone ?? "-"
        let capacity = TasksPane.capacity(of: t)
        // `SPOT` (a word, not a cut `FARGATE_SPOT`): the tasks screen names the provider in full.
        texts[.capacity] = capacity == "FARGATE_SPOT" ? "SPOT" : capacity
        if capacity == "FARGATE_SPOT" { roles[.capacity] = .info }
    }

    /// Target states per target group, named by port (`api` 9094, `gw` 8080).
    private mutating func alb(_ d: PeerDeployment?, _ ctx: Context) {
        guard let aws = ctx.aws, !aws.targetHealth.isEmpty || !aws.targetGroups.isEmpty else {
            texts[.alb] = "no ALB export"; roles[.alb] = .dim
            return
        }
        guard let d, !d.targets.isEmpty else {
            texts[.alb] = "no target"; roles[.alb] = ctx.core.ecs.haveSnapshot ? .warning : .dim
            return
        }
        // Targets out of rotation by name and AWS's state word; healthy ones only counted (the
        // triage block and the events list give every target with its reason).
        let troubled = d.targets.filter { $0.state != .healthy }
        if troubled.isEmpty {
            texts[.alb] = "\(d.targets.count) healthy"
        } else {
            texts[.alb] = troubled.map { Self.targetLabel($0) + " " + ($0.state.isProblem ? $0.state.rawValue.uppercased() : $0.state.rawValue) }
                .joined(separator: " ")
            roles[.alb] = troubled.contains { $0.state.isProblem } ? .error : .warning
        }
    }

    static func targetLabel(_ t: TargetFigure) -> String {
        switch t.port {
        case 9094: "api"
        case 8080: "gw"
        case let p?: String(p)
        case nil: t.targetGroupName ?? "tg"
        }
    }

    /// A sparkline of the burst credit balance and what it means: time left while draining,
    /// `EXHAUSTED` once gone (or I/O at its limit), else the balance.
    private mutating func efs(_ d: PeerDeployment?, _ ctx: Context) {
        guard let aws = ctx.aws, !aws.fileSystems.isEmpty || aws.metrics.series.contains(where: { $0.identity.namespace == "AWS/EFS" }) else {
            texts[.efs] = "no EFS export"; roles[.efs] = .dim
            return
        }
        guard let f = d?.efs else {
            texts[.efs] = "no file system"; roles[.efs] = .dim
            return
        }
        let spark = Sparkline.string(f.burstCredits.map(\.value), width: ctx.sparkWidth)
            .replacingOccurrences(of: " ", with: "")
        let state: String
        if f.isExhausted {
            state = "EXHAUSTED"
            roles[.efs] = .critical
        } else if let left = f.timeLeft {
            state = (f.isDraining ? "⚠ " : "") + PaneTime.duration(left) + " left"
            if f.isDraining { roles[.efs] = .warning }
        } else if let b = f.burstCreditBalance {
            state = DeploymentText.bytes(b)
        } else {
            state = f.throughputMode.map { $0 == "bursting" ? "no credit data" : $0 } ?? "no credit data"
        }
        texts[.efs] = spark.isEmpty ? state : spark + " " + state
    }

    /// Container Insights: utilised as a share of the reservation, `⚠` from 90 %.
    private mutating func insights(_ d: PeerDeployment?, _ ctx: Context) {
        guard let ci = d?.containerInsights else {
            let exported = ctx.deployment.map { !$0.services.isEmpty } ?? false
            let text = exported ? "-" : "no CI"
            texts[.cpu] = text; texts[.memory] = text
            roles[.cpu] = .dim; roles[.memory] = .dim
            return
        }
        for (col, share) in [(OverviewColumn.cpu, ci.cpuShare), (.memory, ci.memoryShare)] {
            guard let share else { texts[col] = "-"; continue }
            let pct = Int((share * 100).rounded())
            texts[col] = (share >= 0.9 ? "⚠ " : "") + "\(pct)%"
            if share >= 0.9 { roles[col] = share >= 1 ? .error : .warning }
        }
    }

    private mutating func alarms(_ d: PeerDeployment?, _ ctx: Context) {
        guard let aws = ctx.aws, !aws.alarms.isEmpty else {
            texts[.alarms] = "no alarm export"; roles[.alarms] = .dim
            return
        }
        let firing = d?.firingAlarms.count ?? 0
        texts[.alarms] = firing > 0 ? "\(firing) ALARM" : "none"
        if firing > 0 { roles[.alarms] = .error }
    }
}
