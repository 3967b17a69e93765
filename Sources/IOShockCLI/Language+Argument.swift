import ArgumentParser
import Reports

extension Language: ExpressibleByArgument {}
