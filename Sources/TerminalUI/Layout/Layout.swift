/// How big one part of a split should be.
public enum LayoutSize: Hashable, Sendable {
    /// Exactly `n` cells (or what is left, if less).
    case fixed(Int)
    /// `percent` of the whole length, at least `min` cells.
    case percent(Int, min: Int = 0)
    /// A share of what remains after fixed and percentage parts, by `weight`, at least `min` cells.
    case flex(weight: Int = 1, min: Int = 0)

    /// `flex(weight: 1, min: 0)`.
    public static let fill = LayoutSize.flex()
}

/// Splits rectangles into rows or columns.
///
/// Why a tiny solver instead of constraints: console screens are a header, a body split in two,
/// and a status line; fixed/percent/flex with minimums covers them and is predictable at 20x5.
/// Parts are laid out in order; when the space is too small, later parts shrink first (the
/// header and the first panes stay visible).
public enum Layout {
    /// Stacks parts top to bottom.
    public static func rows(_ area: Rect, _ sizes: [LayoutSize]) -> [Rect] {
        lengths(total: area.height, sizes).scan(area.y).map { Rect(x: area.x, y: $0.start, width: area.width, height: $0.length) }
    }

    /// Places parts left to right.
    public static func columns(_ area: Rect, _ sizes: [LayoutSize]) -> [Rect] {
        lengths(total: area.width, sizes).scan(area.x).map { Rect(x: $0.start, y: area.y, width: $0.length, height: area.height) }
    }

    /// Lengths of each part for a total length; they sum to at most `total`.
    public static func lengths(total: Int, _ sizes: [LayoutSize]) -> [Int] {
        let total = max(0, total)
        var result = [Int](repeating: 0, count: sizes.count)
        var flexIndices: [Int] = []
        for (i, s) in sizes.enumerated() {
            switch s {
            case .fixed(let n): result[i] = max(0, n)
            case .percent(let p, let m): result[i] = max(m, total * max(0, p) / 100)
            case .flex(_, let m):
                result[i] = max(0, m)
                flexIndices.append(i)
            }
        }
        let used = result.reduce(0, +)
        if used < total, !flexIndices.isEmpty {
            var remaining = total - used
            let weights = flexIndices.map { i -> Int in if case .flex(let w, _) = sizes[i] { return max(0, w) }; return 0 }
            let weightSum = weights.reduce(0, +)
            if weightSum > 0 {
                let pool = remaining
                for (k, i) in flexIndices.enumerated() {
                    let share = pool * weights[k] / weightSum
                    result[i] += share
                    remaining -= share
                }
                // Rounding leftovers go to the first flexible parts.
                var k = 0
                while remaining > 0 {
                    if weights[k % weights.count] > 0 { result[flexIndices[k % flexIndices.count]] += 1; remaining -= 1 }
                    k += 1
                }
            }
        }
        // Too little room: shrink from the end.
        var over = result.reduce(0, +) - total
        var i = result.count - 1
        while over > 0 && i >= 0 {
            let cut = min(over, result[i])
            result[i] -= cut
            over -= cut
            i -= 1
        }
        return result
    }
}

extension Array where Element == Int {
    fileprivate func scan(_ origin: Int) -> [(start: Int, length: Int)] {
        var pos = origin
        return map { len in defer { pos += len }; return (pos, len) }
    }
}
