import Foundation

/// Escapes text for HTML and SVG (element content and attribute values).
public func htmlEscape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.count)
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default:
            // Control characters other than tab and newline are not allowed in XML 1.0.
            if c.value < 0x20, c != "\t", c != "\n" { out += " " } else { out.unicodeScalars.append(c) }
        }
    }
    return out
}

/// Charts drawn as inline SVG by the project (no scripts, no fonts but the page's own):
/// horizontal range bars (bar charts, bands, tornadoes) and line charts.
public enum HTMLChart {
    /// One row of a horizontal chart: a bar from `start` to `end`, optional whiskers and marker.
    public struct Bar {
        public var label: String
        public var start: Double
        public var end: Double
        public var whisker: (low: Double, high: Double)?
        public var marker: Double?
        /// Text at the end of the bar.
        public var valueText: String
        public var tooltip: String

        public init(label: String, start: Double = 0, end: Double, whisker: (low: Double, high: Double)? = nil, marker: Double? = nil, valueText: String, tooltip: String = "") {
            self.label = label
            self.start = start
            self.end = end
            self.whisker = whisker
            self.marker = marker
            self.valueText = valueText
            self.tooltip = tooltip
        }
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// "Nice" axis ticks covering [lo, hi] (steps of 1, 2 or 5 × 10ᵏ).
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo, (hi - lo).isFinite else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var t = (lo / step).rounded(.down) * step
        var out: [Double] = []
        while t <= hi + step * 1e-9 {
            if t >= lo - step * 1e-9 { out.append(abs(t) < step * 1e-9 ? 0 : t) }
            t += step
        }
        return out
    }

    /// Short axis numbers: 12k, 3.5M, 0.25.
    static func short(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e6 { return String(format: "%.3gM", v / 1e6) }
        if a >= 1e4 { return String(format: "%.3gk", v / 1e3) }
        if a >= 100 || a == 0 { return String(format: "%.0f", v) }
        return String(format: "%.3g", v)
    }

    /// A horizontal chart of bars that may start anywhere (negative values grow to the left of zero).
    /// - Parameters:
    ///   - reference: a vertical line (0 for bar charts; the central value for a tornado).
    public static func horizontalBars(_ bars: [Bar], title: String, axisLabel: String, reference: Double = 0,
                                      width: Int = 860, labelWidth: Int = 300, color: String = "#c0392b", id: String) -> String {
        let rowHeight = 22, top = 34, bottom = 46
        let height = top + max(1, bars.count) * rowHeight + bottom
        var values = [reference]
        for b in bars {
            values += [b.start, b.end]
            if let w = b.whisker { values += [w.low, w.high] }
            if let m = b.marker { values.append(m) }
        }
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        if lo == hi { lo -= 1; hi += 1 }
        let pad = (hi - lo) * 0.04
        lo -= pad; hi += pad
        let plotLeft = Double(labelWidth), plotRight = Double(width - 90)
        func x(_ v: Double) -> Double { plotLeft + (v - lo) / (hi - lo) * (plotRight - plotLeft) }
        var s = "<svg id=\"\(htmlEscape(id))\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(htmlEscape(title))\">\n"
        s += "<title>\(htmlEscape(title))</title>\n"
        s += "<text x=\"0\" y=\"18\" class=\"chart-title\">\(htmlEscape(title))</text>\n"
        let axisY = top + bars.count * rowHeight + 6
        for t in ticks(lo, hi) {
            let tx = f(x(t))
            s += "<line x1=\"\(tx)\" y1=\"\(top - 4)\" x2=\"\(tx)\" y2=\"\(axisY)\" class=\"grid\"/>"
            s += "<text x=\"\(tx)\" y=\"\(axisY + 16)\" text-anchor=\"middle\" class=\"tick\">\(htmlEscape(short(t)))</text>\n"
        }
        s += "<line x1=\"\(f(x(reference)))\" y1=\"\(top - 6)\" x2=\"\(f(x(reference)))\" y2=\"\(axisY)\" class=\"reference\"/>\n"
        for (k, b) in bars.enumerated() {
            let y = top + k * rowHeight
            let label = b.label.count > 42 ? String(b.label.prefix(41)) + "…" : b.label
            s += "<g>"
            if !b.tooltip.isEmpty { s += "<title>\(htmlEscape(b.tooltip))</title>" }
            s += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\" class=\"label\">\(htmlEscape(label))</text>"
            let x0 = x(min(b.start, b.end)), x1 = x(max(b.start, b.end))
            s += "<rect x=\"\(f(x0))\" y=\"\(y + 4)\" width=\"\(f(max(0.5, x1 - x0)))\" height=\"\(rowHeight - 8)\" fill=\"\(color)\" opacity=\"0.85\"/>"
            if let w = b.whisker {
                let wy = Double(y) + Double(rowHeight) / 2
                s += "<line x1=\"\(f(x(w.low)))\" y1=\"\(f(wy))\" x2=\"\(f(x(w.high)))\" y2=\"\(f(wy))\" class=\"whisker\"/>"
                s += "<line x1=\"\(f(x(w.low)))\" y1=\"\(f(wy - 5))\" x2=\"\(f(x(w.low)))\" y2=\"\(f(wy + 5))\" class=\"whisker\"/>"
                s += "<line x1=\"\(f(x(w.high)))\" y1=\"\(f(wy - 5))\" x2=\"\(f(x(w.high)))\" y2=\"\(f(wy + 5))\" class=\"whisker\"/>"
            }
            if let m = b.marker {
                s += "<circle cx=\"\(f(x(m)))\" cy=\"\(f(Double(y) + Double(rowHeight) / 2))\" r=\"3.5\" class=\"marker\"/>"
            }
            let textX = min(Double(width - 4), max(x1, b.whisker.map { x($0.high) } ?? x1) + 6)
            s += "<text x=\"\(f(textX))\" y=\"\(y + 15)\" class=\"value\">\(htmlEscape(b.valueText))</text>"
            s += "</g>\n"
        }
        s += "<text x=\"\(f((plotLeft + plotRight) / 2))\" y=\"\(height - 6)\" text-anchor=\"middle\" class=\"axis-label\">\(htmlEscape(axisLabel))</text>\n"
        s += "</svg>"
        return s
    }

    /// One line of a line chart.
    public struct Series {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var color: String
        public init(name: String, points: [(x: Double, y: Double)], color: String) {
            self.name = name
            self.points = points
            self.color = color
        }
    }

    public static func lines(_ series: [Series], title: String, xLabel: String, yLabel: String, width: Int = 860, height: Int = 340, id: String) -> String {
        let left = 70.0, right = Double(width) - 20, top = 34.0, bottom = Double(height) - 70
        let xs = series.flatMap { $0.points.map(\.x) }, ys = series.flatMap { $0.points.map(\.y) }
        var x0 = xs.min() ?? 0, x1 = xs.max() ?? 1
        var y0 = ys.min() ?? 0, y1 = ys.max() ?? 1
        if x0 == x1 { x0 -= 1; x1 += 1 }
        if y0 == y1 { y0 -= 1; y1 += 1 }
        let pad = (y1 - y0) * 0.05
        y0 -= pad; y1 += pad
        func px(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * (right - left) }
        func py(_ v: Double) -> Double { bottom - (v - y0) / (y1 - y0) * (bottom - top) }
        // Legend under the axis, wrapped onto as many rows as it needs.
        var legend: [(x: Double, row: Int, name: String, color: String)] = []
        var lx = left, row = 0
        for line in series {
            let name = line.name.count > 40 ? String(line.name.prefix(39)) + "…" : line.name
            let w = 18 + Double(name.count) * 6.6 + 16
            if lx + w > right, lx > left { lx = left; row += 1 }
            legend.append((lx, row, name, line.color))
            lx += w
        }
        let fullHeight = height + row * 16
        var s = "<svg id=\"\(htmlEscape(id))\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(fullHeight)\" viewBox=\"0 0 \(width) \(fullHeight)\" role=\"img\" aria-label=\"\(htmlEscape(title))\">\n"
        s += "<title>\(htmlEscape(title))</title>\n<text x=\"0\" y=\"18\" class=\"chart-title\">\(htmlEscape(title))</text>\n"
        for t in ticks(y0, y1) {
            s += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(right))\" y2=\"\(f(py(t)))\" class=\"grid\"/>"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\" class=\"tick\">\(htmlEscape(short(t)))</text>\n"
        }
        for t in ticks(x0, x1, count: 8) {
            s += "<line x1=\"\(f(px(t)))\" y1=\"\(f(bottom))\" x2=\"\(f(px(t)))\" y2=\"\(f(bottom + 5))\" class=\"reference\"/>"
            s += "<text x=\"\(f(px(t)))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\" class=\"tick\">\(htmlEscape(short(t)))</text>\n"
        }
        s += "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(right))\" y2=\"\(f(bottom))\" class=\"reference\"/>\n"
        for line in series where !line.points.isEmpty {
            let d = line.points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(f(px($0.element.x))),\(f(py($0.element.y)))" }.joined(separator: " ")
            s += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(htmlEscape(line.color))\" stroke-width=\"2\"><title>\(htmlEscape(line.name))</title></path>\n"
        }
        for item in legend {
            let y = bottom + 30 + Double(item.row * 16)
            s += "<rect x=\"\(f(item.x))\" y=\"\(f(y))\" width=\"14\" height=\"4\" fill=\"\(htmlEscape(item.color))\"/>"
            s += "<text x=\"\(f(item.x + 18))\" y=\"\(f(y + 6))\" class=\"tick\" font-size=\"11\">\(htmlEscape(item.name))</text>\n"
        }
        s += "<text x=\"\(f((left + right) / 2))\" y=\"\(fullHeight - 6)\" text-anchor=\"middle\" class=\"axis-label\">\(htmlEscape(xLabel))</text>\n"
        s += "<text x=\"14\" y=\"\(f((top + bottom) / 2))\" transform=\"rotate(-90 14 \(f((top + bottom) / 2)))\" text-anchor=\"middle\" class=\"axis-label\">\(htmlEscape(yLabel))</text>\n"
        s += "</svg>"
        return s
    }
}
