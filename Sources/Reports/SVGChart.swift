import Foundation

/// Hand-written SVG line charts: axes with ticks and labels, a light grid and a legend; no scripts,
/// no external fonts, so the file opens in any browser.
public enum SVGChart {
    /// A line chart of series sharing an x axis 0, 1, … (days).
    public static func lines(title: String, subtitle: String, xLabel: String, yLabel: String,
                             series: [(label: String, values: [Double], colour: String, width: Double)]) -> String {
        let width = 980.0, height = 560.0
        let left = 78.0, right = 300.0, top = 70.0, bottom = 62.0
        let plotW = width - left - right, plotH = height - top - bottom
        let count = series.map(\.values.count).max() ?? 1
        let yScale = ChartScale(values: series.flatMap(\.values), tickCount: 6, niceBounds: true)
        let xScale = ChartScale(values: [0, Double(max(1, count - 1))], tickCount: 10, steps: [1, 2, 5])
        func px(_ x: Double) -> Double { xScale.position(x, from: left, to: left + plotW) ?? left }
        func py(_ y: Double) -> Double { yScale.position(y, from: top + plotH, to: top) ?? top + plotH }
        func f(_ v: Double) -> String { ChartScale.coordinate(v) }

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        s += "<text x=\"\(f(left))\" y=\"28\" font-size=\"18\" font-weight=\"bold\">\(escape(title))</text>\n"
        s += "<text x=\"\(f(left))\" y=\"50\" font-size=\"13\" fill=\"#444444\">\(escape(subtitle))</text>\n"
        // Grid and y ticks.
        for y in yScale.ticks {
            let yy = py(y)
            s += "<line x1=\"\(f(left))\" y1=\"\(f(yy))\" x2=\"\(f(left + plotW))\" y2=\"\(f(yy))\" stroke=\"#e3e3e3\" stroke-width=\"1\"/>\n"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(yy + 4))\" font-size=\"12\" text-anchor=\"end\">\(yScale.label(y))</text>\n"
        }
        for x in xScale.ticks {
            let xx = px(x)
            s += "<line x1=\"\(f(xx))\" y1=\"\(f(top))\" x2=\"\(f(xx))\" y2=\"\(f(top + plotH))\" stroke=\"#f0f0f0\" stroke-width=\"1\"/>\n"
            s += "<text x=\"\(f(xx))\" y=\"\(f(top + plotH + 18))\" font-size=\"12\" text-anchor=\"middle\">\(xScale.label(x))</text>\n"
        }
        if yScale.lower <= 100, yScale.upper >= 100 {
            s += "<line x1=\"\(f(left))\" y1=\"\(f(py(100)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(py(100)))\" stroke=\"#888888\" stroke-dasharray=\"4 3\" stroke-width=\"1\"/>\n"
        }
        // Axes and their labels.
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#000000\" stroke-width=\"1.2\"/>\n"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#000000\" stroke-width=\"1.2\"/>\n"
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 16))\" font-size=\"13\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        s += "<text transform=\"translate(20 \(f(top + plotH / 2))) rotate(-90)\" font-size=\"13\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        // Series, thin ones first so the total stays on top.
        for item in series.sorted(by: { $0.width < $1.width }) {
            var points = ""
            points.reserveCapacity(item.values.count * 14)
            for (k, v) in item.values.enumerated() where v.isFinite { points += "\(f(px(Double(k)))),\(f(py(v))) " }
            s += "<polyline fill=\"none\" stroke=\"\(item.colour)\" stroke-width=\"\(item.width)\" stroke-linejoin=\"round\" points=\"\(points)\"/>\n"
        }
        // Legend.
        for (k, item) in series.enumerated() {
            let ly = top + 10 + Double(k) * 24
            let lx = left + plotW + 18
            s += "<line x1=\"\(f(lx))\" y1=\"\(f(ly))\" x2=\"\(f(lx + 26))\" y2=\"\(f(ly))\" stroke=\"\(item.colour)\" stroke-width=\"\(item.width)\"/>\n"
            let text = item.label.count > 34 ? String(item.label.prefix(33)) + "…" : item.label
            s += "<text x=\"\(f(lx + 34))\" y=\"\(f(ly + 4))\" font-size=\"12\">\(escape(text))</text>\n"
        }
        s += "</svg>\n"
        return s
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
