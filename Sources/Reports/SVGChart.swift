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
        let all = series.flatMap(\.values).filter(\.isFinite)
        var lo = all.min() ?? 0, hi = all.max() ?? 100
        if hi - lo < 1 { lo -= 0.5; hi += 0.5 }
        let yStep = niceStep((hi - lo) / 6, among: [0.1, 0.2, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50])
        lo = (lo / yStep).rounded(.down) * yStep
        hi = (hi / yStep).rounded(.up) * yStep
        let xMax = Double(max(1, count - 1))
        let xStep = niceStep(xMax / 10, among: [1, 2, 5, 7, 10, 14, 30, 60, 90, 180, 365, 730])
        func px(_ x: Double) -> Double { left + plotW * x / xMax }
        func py(_ y: Double) -> Double { top + plotH * (1 - (y - lo) / (hi - lo)) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        s += "<text x=\"\(f(left))\" y=\"28\" font-size=\"18\" font-weight=\"bold\">\(escape(title))</text>\n"
        s += "<text x=\"\(f(left))\" y=\"50\" font-size=\"13\" fill=\"#444444\">\(escape(subtitle))</text>\n"
        // Grid and y ticks.
        var y = lo
        while y <= hi + yStep / 2 {
            let yy = py(y)
            s += "<line x1=\"\(f(left))\" y1=\"\(f(yy))\" x2=\"\(f(left + plotW))\" y2=\"\(f(yy))\" stroke=\"#e3e3e3\" stroke-width=\"1\"/>\n"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(yy + 4))\" font-size=\"12\" text-anchor=\"end\">\(label(y, step: yStep))</text>\n"
            y += yStep
        }
        var x = 0.0
        while x <= xMax + 0.5 {
            let xx = px(x)
            s += "<line x1=\"\(f(xx))\" y1=\"\(f(top))\" x2=\"\(f(xx))\" y2=\"\(f(top + plotH))\" stroke=\"#f0f0f0\" stroke-width=\"1\"/>\n"
            s += "<text x=\"\(f(xx))\" y=\"\(f(top + plotH + 18))\" font-size=\"12\" text-anchor=\"middle\">\(Int(x))</text>\n"
            x += xStep
        }
        if lo <= 100, hi >= 100 {
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

    static func niceStep(_ raw: Double, among steps: [Double]) -> Double {
        steps.first { $0 >= raw } ?? (steps.last! * (raw / steps.last!).rounded(.up))
    }

    static func label(_ v: Double, step: Double) -> String {
        step < 1 ? String(format: "%.1f", v) : String(format: "%.0f", v)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
