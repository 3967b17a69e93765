import Foundation

/// Whether `htmlEscape` looks at this UTF-8 byte: a control character or one of `&<>"'`
/// (a text without such bytes is returned as it is).
@inline(__always)
func needsEscape(_ b: UInt8) -> Bool {
    b < 0x20 || b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
}

/// Escapes text for HTML and SVG (element content and attribute values).
public func htmlEscape(_ s: String) -> String {
    // Most text has nothing to escape: one byte scan, then the string itself.
    if !s.utf8.contains(where: needsEscape) {
        return s
    }
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

    static func f(_ v: Double) -> String { ChartScale.coordinate(v) }

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
        let scale = ChartScale(values: values, padding: 0.04)
        let plotLeft = Double(labelWidth), plotRight = Double(width - 90)
        /// Non-finite values (never given by the report, which refuses them) sit at the reference.
        func x(_ v: Double) -> Double { scale.position(v, from: plotLeft, to: plotRight) ?? scale.position(reference, from: plotLeft, to: plotRight) ?? plotLeft }
        var s = "<svg id=\"\(htmlEscape(id))\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(htmlEscape(title))\">\n"
        s += "<title>\(htmlEscape(title))</title>\n"
        s += "<text x=\"0\" y=\"18\" class=\"chart-title\">\(htmlEscape(title))</text>\n"
        let axisY = top + bars.count * rowHeight + 6
        for t in scale.ticks {
            let tx = f(x(t))
            s += "<line x1=\"\(tx)\" y1=\"\(top - 4)\" x2=\"\(tx)\" y2=\"\(axisY)\" class=\"grid\"/>"
            s += "<text x=\"\(tx)\" y=\"\(axisY + 16)\" text-anchor=\"middle\" class=\"tick\">\(htmlEscape(scale.label(t)))</text>\n"
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

    /// A shaded area between two lines over the same x values (e.g. 5th and 95th percentiles).
    public struct Band {
        public var name: String
        public var points: [(x: Double, lower: Double, upper: Double)]
        public var color: String
        public init(name: String, points: [(x: Double, lower: Double, upper: Double)], color: String) {
            self.name = name
            self.points = points
            self.color = color
        }
    }

    /// A line chart; `bands` are drawn under the lines, shaded, and share their axes.
    public static func lines(_ series: [Series], bands: [Band] = [], title: String, xLabel: String, yLabel: String, width: Int = 860, height: Int = 340, id: String) -> String {
        let left = 70.0, right = Double(width) - 20, top = 34.0, bottom = Double(height) - 70
        let bandX = bands.flatMap { $0.points.map(\.x) }, bandY = bands.flatMap { $0.points.flatMap { [$0.lower, $0.upper] } }
        let xScale = ChartScale(values: series.flatMap { $0.points.map(\.x) } + bandX, tickCount: 8)
        let yScale = ChartScale(values: series.flatMap { $0.points.map(\.y) } + bandY, padding: 0.05)
        func px(_ v: Double) -> Double { xScale.position(v, from: left, to: right) ?? left }
        func py(_ v: Double) -> Double { yScale.position(v, from: bottom, to: top) ?? bottom }
        // Legend under the axis, wrapped onto as many rows as it needs.
        var legend: [(x: Double, row: Int, name: String, color: String, shaded: Bool)] = []
        var lx = left, row = 0
        for (fullName, color, shaded) in bands.map({ ($0.name, $0.color, true) }) + series.map({ ($0.name, $0.color, false) }) {
            let name = fullName.count > 40 ? String(fullName.prefix(39)) + "…" : fullName
            let w = 18 + Double(name.count) * 6.6 + 16
            if lx + w > right, lx > left { lx = left; row += 1 }
            legend.append((lx, row, name, color, shaded))
            lx += w
        }
        let fullHeight = height + row * 16
        var s = "<svg id=\"\(htmlEscape(id))\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(fullHeight)\" viewBox=\"0 0 \(width) \(fullHeight)\" role=\"img\" aria-label=\"\(htmlEscape(title))\">\n"
        s += "<title>\(htmlEscape(title))</title>\n<text x=\"0\" y=\"18\" class=\"chart-title\">\(htmlEscape(title))</text>\n"
        for t in yScale.ticks {
            s += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(right))\" y2=\"\(f(py(t)))\" class=\"grid\"/>"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\" class=\"tick\">\(htmlEscape(yScale.label(t)))</text>\n"
        }
        for t in xScale.ticks {
            s += "<line x1=\"\(f(px(t)))\" y1=\"\(f(bottom))\" x2=\"\(f(px(t)))\" y2=\"\(f(bottom + 5))\" class=\"reference\"/>"
            s += "<text x=\"\(f(px(t)))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\" class=\"tick\">\(htmlEscape(xScale.label(t)))</text>\n"
        }
        s += "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(right))\" y2=\"\(f(bottom))\" class=\"reference\"/>\n"
        for band in bands {
            let drawn = band.points.filter { $0.x.isFinite && $0.lower.isFinite && $0.upper.isFinite }
            guard !drawn.isEmpty else { continue }
            let outline = drawn.map { (x: $0.x, y: $0.upper) } + drawn.reversed().map { (x: $0.x, y: $0.lower) }
            let d = outline.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(f(px($0.element.x))),\(f(py($0.element.y)))" }.joined(separator: " ") + " Z"
            s += "<path d=\"\(d)\" fill=\"\(htmlEscape(band.color))\" fill-opacity=\"0.25\" stroke=\"none\" class=\"band\"><title>\(htmlEscape(band.name))</title></path>\n"
        }
        for line in series where !line.points.isEmpty {
            let drawn = line.points.filter { $0.x.isFinite && $0.y.isFinite }
            guard !drawn.isEmpty else { continue }
            let d = drawn.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(f(px($0.element.x))),\(f(py($0.element.y)))" }.joined(separator: " ")
            s += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(htmlEscape(line.color))\" stroke-width=\"2\"><title>\(htmlEscape(line.name))</title></path>\n"
        }
        for item in legend {
            let y = bottom + 30 + Double(item.row * 16)
            s += item.shaded
                ? "<rect x=\"\(f(item.x))\" y=\"\(f(y - 3))\" width=\"14\" height=\"10\" fill=\"\(htmlEscape(item.color))\" fill-opacity=\"0.25\"/>"
                : "<rect x=\"\(f(item.x))\" y=\"\(f(y))\" width=\"14\" height=\"4\" fill=\"\(htmlEscape(item.color))\"/>"
            s += "<text x=\"\(f(item.x + 18))\" y=\"\(f(y + 6))\" class=\"tick\" font-size=\"11\">\(htmlEscape(item.name))</text>\n"
        }
        s += "<text x=\"\(f((left + right) / 2))\" y=\"\(fullHeight - 6)\" text-anchor=\"middle\" class=\"axis-label\">\(htmlEscape(xLabel))</text>\n"
        s += "<text x=\"14\" y=\"\(f((top + bottom) / 2))\" transform=\"rotate(-90 14 \(f((top + bottom) / 2)))\" text-anchor=\"middle\" class=\"axis-label\">\(htmlEscape(yLabel))</text>\n"
        s += "</svg>"
        return s
    }
}
