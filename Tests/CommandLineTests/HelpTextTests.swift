import Foundation
import TestSupport
import Testing

/// `--help` is documentation. ArgumentParser wraps every line of a command's discussion to the
/// width of the terminal (80 columns when it is not one), so a line break inside a sentence in
/// the source printed as a stub line ("…the shocks. It is" / "checked completely…"). A discussion
/// breaks lines only after a sentence or a colon, before an example or a list item, and inside an
/// example's shell continuation (`\`); sentences go on with Swift's `\` line continuation.
@Suite("help text")
struct HelpTextTests {
    /// Every command's discussion from `ioshock --experimental-dump-help` (ArgumentParser's JSON
    /// description of the whole command tree), with the command's path.
    static func discussions() throws -> [(command: String, text: String)] {
        let run = try Fixtures.run(["--experimental-dump-help"])
        #expect(run.status == 0, "\(run.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        var found: [(String, String)] = []
        func visit(_ command: [String: Any], _ path: String) {
            let name = path.isEmpty ? (command["commandName"] as? String ?? "?") : path + " " + (command["commandName"] as? String ?? "?")
            if let text = command["discussion"] as? String { found.append((name, text)) }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { visit(sub, name) }
        }
        visit(try #require(root["command"] as? [String: Any]), "")
        return found
    }

    /// The rule above, line by line; returns the offending lines.
    static func brokenLines(_ text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        var broken: [String] = []
        for (line, next) in zip(lines, lines.dropFirst()) where !line.isEmpty && !next.isEmpty {
            let example = line.hasPrefix("Example") || line.hasPrefix("  ")
            if line.hasSuffix("\\") {
                if !example { broken.append(line) }
                continue
            }
            let endsSentence = [".", ":", ";", "!", "?"].contains { line.hasSuffix($0) }
            let startsItem = ["Example", "- ", "* ", "  "].contains { next.hasPrefix($0) }
            if !endsSentence && !startsItem && !example { broken.append(line) }
        }
        return broken
    }

    /// The rule itself, on the two faults it was written for (the first discussion of
    /// `ioshock run` before 2026-12-04, and `regionalise`'s escaped backslash).
    @Test func theRuleFindsLinesBrokenInsideASentence() {
        #expect(Self.brokenLines("names the table, the model and the shocks. It is\nchecked completely.") == ["names the table, the model and the shocks. It is"])
        #expect(Self.brokenLines("the employment file is Statbel's \\\nworking population.") == ["the employment file is Statbel's \\"])
        #expect(Self.brokenLines("One sentence.\nAnother:\n- an item\nExample: ioshock run a.toml \\\n  --out x\n\nLast") == [])
    }

    @Test func everyDiscussionBreaksLinesOnlyBetweenSentencesOrItems() throws {
        let all = try Self.discussions()
        #expect(all.count >= 15, "the dump lists \(all.count) discussions")
        #expect(all.contains { $0.command == "ioshock run" })
        for (command, text) in all {
            #expect(Self.brokenLines(text).isEmpty, "\(command): a line break inside a sentence: \(Self.brokenLines(text))")
        }
    }
}
