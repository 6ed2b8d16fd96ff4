import ArgumentParser
import SeminarCore

struct StudentDomainAliasCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "domain-alias",
        abstract: "E-mail domains that name a roster domain in forms (mytum.de for tum.de).",
        discussion: """
            Students often type another address of their university in a form: `mytum.de` where the roster \
            says `tum.de`. With `seminar student domain-alias mytum.de tum.de`, `prefs import` takes \
            `name@mytum.de` as `name@tum.de` and says so for each row. Without arguments it lists the \
            aliases; --remove ALIAS removes one.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Remove this alias.", valueName: "domain")) var remove: String?
    @Argument(help: "The domain students type (e.g. mytum.de).") var alias: String?
    @Argument(help: "The roster's domain it stands for (e.g. tum.de).") var canonical: String?

    func validate() throws {
        if remove != nil && alias != nil { throw ValidationError("give either --remove DOMAIN or ALIAS CANONICAL") }
        if alias != nil && canonical == nil {
            throw ValidationError("name the roster's domain too: seminar student domain-alias ALIAS CANONICAL")
        }
        for domain in [alias, canonical, remove].compactMap({ $0 }) {
            guard Validation.isValidEmail("x@" + domain) else {
                throw ValidationError("'\(shown: domain)' is not an e-mail domain (expected e.g. tum.de)")
            }
        }
        if let alias, alias.lowercased() == canonical?.lowercased() {
            throw ValidationError("a domain cannot be an alias of itself")
        }
    }

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        var aliases: [String: String]
        if let remove {
            guard let left = try db.setDomainAlias(remove, canonical: nil) else {
                throw SeminarError.invalidValue(
                    "\(remove) is not an e-mail domain alias (see `seminar student domain-alias`)")
            }
            aliases = left
            Terminal.line("Removed the e-mail domain alias \(remove.lowercased()).")
        } else if let alias, let canonical {
            aliases = try db.setDomainAlias(alias, canonical: canonical) ?? [:]
            Terminal.line("Forms may write \(alias.lowercased()) for \(canonical.lowercased()).")
        } else {
            aliases = try db.domainAliases()
        }
        if aliases.isEmpty { Terminal.line("No e-mail domain aliases.") }
        for (a, c) in aliases.sorted(by: { $0.key < $1.key }) { Terminal.line("\(a) = \(c)") }
    }
}
