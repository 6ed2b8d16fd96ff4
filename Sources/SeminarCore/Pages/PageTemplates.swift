/// The Mustache templates of the web pages. `{{x}}` escapes; `{{{x}}}` is used only for the
/// page body, the stylesheet and the intro (see `PageRenderer`).
enum PageTemplates {
    static let all: [(String, String)] = [
        ("layout", layout), ("programme", programme), ("catalog", catalog), ("links", links),
        ("abstract", abstract),
    ]

    static let layout = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="seminar">
        <title>{{pageTitle}}</title>
        <style>
        {{{style}}}
        </style>
        </head>
        <body>
        <a class="skip" href="#main">Skip to the content</a>
        <header class="masthead">
        <div class="wrap">
        {{#kicker}}<p class="kicker">{{kicker}}</p>{{/kicker}}
        <h1>{{title}}</h1>
        {{#facts}}<p class="facts">{{facts}}</p>{{/facts}}
        </div>
        </header>
        {{#nav}}
        <nav class="wrap contents" aria-label="{{label}}">
        <ul>
        {{#entries}}<li><a href="#{{id}}">{{label}}</a></li>
        {{/entries}}
        </ul>
        </nav>
        {{/nav}}
        <main id="main" class="wrap">
        {{{body}}}
        </main>
        <footer class="wrap">
        <p>{{footer}}</p>
        </footer>
        </body>
        </html>

        """

    static let links = """
        {{#hasLinks}}<p class="links">{{#url}}<a href="{{url}}">Conference version{{#urlLabel}} ({{urlLabel}}){{/urlLabel}}</a>{{/url}}\
        {{#unlinkedPages}}<span>{{unlinkedPages}}</span>{{/unlinkedPages}}\
        {{#arxivURL}} <a href="{{arxivURL}}">arXiv version ({{arxivLabel}})</a>{{/arxivURL}}</p>{{/hasLinks}}
        """

    static let abstract = """
        {{#hasAbstract}}<details>
        <summary>Abstract</summary>
        {{#abstract}}<p>{{.}}</p>
        {{/abstract}}
        </details>
        <div class="abstract-print">
        {{#abstract}}<p>{{.}}</p>
        {{/abstract}}
        </div>{{/hasAbstract}}
        """

    static let programme = """
        {{#intro}}
        <section class="intro" aria-label="About the seminar">
        {{{intro}}}
        </section>
        {{/intro}}
        {{#days}}
        <section class="day" id="{{id}}" aria-labelledby="{{id}}-title">
        <h2 id="{{id}}-title">{{label}}</h2>
        <p class="day-facts">{{facts}}</p>
        {{#blocks}}
        {{#pause}}
        <p class="pause pause-{{kind}}"><span class="time"><time datetime="{{startISO}}">{{start}}</time>–<time datetime="{{endISO}}">{{end}}</time></span> <span class="what">{{label}}</span></p>
        {{/pause}}
        {{#session}}
        <section class="session" aria-labelledby="{{id}}">
        <h3 id="{{id}}">{{topic}}{{#continued}} <span class="continued">(continued)</span>{{/continued}}</h3>
        <table class="talks">
        <thead><tr><th scope="col" class="time">Time</th><th scope="col">Talk</th></tr></thead>
        <tbody>
        {{#talks}}
        <tr class="talk" id="{{id}}">
        <td class="time"><time datetime="{{startISO}}">{{start}}</time>–<time datetime="{{endISO}}">{{end}}</time>{{#room}}<br><span class="room">{{room}}</span>{{/room}}</td>
        <td>
        <p class="speaker">{{speaker}}</p>
        <p class="paper-title">{{title}}</p>
        {{#source}}<p class="source">{{source}}</p>{{/source}}
        {{> links}}
        {{> abstract}}
        </td>
        </tr>
        {{/talks}}
        </tbody>
        </table>
        </section>
        {{/session}}
        {{/blocks}}
        {{^blocks}}
        <p class="empty">No talks on this day.</p>
        {{/blocks}}
        </section>
        {{/days}}
        {{^days}}
        <p class="empty">No days are planned yet.</p>
        {{/days}}

        """

    static let catalog = """
        {{#intro}}
        <section class="intro" aria-label="About the catalog">
        {{{intro}}}
        </section>
        {{/intro}}
        {{#topics}}
        <section class="topic" id="{{id}}" aria-labelledby="{{id}}-title">
        <h2 id="{{id}}-title">{{topic}}</h2>
        <p class="topic-facts">{{facts}}</p>
        <ul class="papers">
        {{#papers}}
        <li>
        <article class="paper" id="{{anchor}}" aria-labelledby="{{anchor}}-title">
        <h3 id="{{anchor}}-title">{{title}}</h3>
        {{#authors}}<p class="authors">{{authors}}</p>{{/authors}}
        <p class="meta">{{#published}}<span>{{published}}</span> · {{/published}}<span class="paper-id">Paper id <code>{{id}}</code></span></p>
        {{> links}}
        <p class="places{{#full}} full{{/full}}">{{places}}</p>
        {{#presenters}}<p class="presenters">Presented by {{presenters}}</p>{{/presenters}}
        {{> abstract}}
        </article>
        </li>
        {{/papers}}
        </ul>
        </section>
        {{/topics}}
        {{^topics}}
        <p class="empty">The catalog is empty.</p>
        {{/topics}}

        """
}
