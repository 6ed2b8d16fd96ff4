/// The one stylesheet of the web pages, inlined in each: system fonts, colours with a
/// contrast of at least 4.5:1 on their background, a layout that reads on a phone, and print
/// rules for A4 (no page break inside a talk or a paper, abstracts printed in full: a paper cannot be unfolded).
enum PageStyle {
    static let css = """
        :root { --ink: #1b1b1b; --muted: #4f5660; --accent: #0a4f8a; --rule: #cfd5dc; --pause: #f5f1e6; --pause-edge: #a08c4a; }
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; font-size: 1rem; line-height: 1.5; color: var(--ink); background: #fff; }
        .wrap { max-width: 56rem; margin: 0 auto; padding: 0 1rem; }
        .skip { position: absolute; left: -100rem; }
        .skip:focus { left: 1rem; top: 1rem; padding: .5rem .75rem; background: #fff; border: 2px solid var(--accent); z-index: 1; }
        a { color: var(--accent); }
        a:focus-visible, summary:focus-visible { outline: 3px solid #c77700; outline-offset: 2px; }
        .masthead { border-bottom: 4px solid var(--accent); padding: 2rem 0 1rem; margin-bottom: 1rem; }
        .kicker { margin: 0; color: var(--muted); font-size: .85em; letter-spacing: .06em; text-transform: uppercase; }
        h1 { margin: .25rem 0 .5rem; font-size: 2em; line-height: 1.2; }
        .facts { margin: 0; color: var(--muted); }
        .contents ul { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin: 0; padding: 0; list-style: none; }
        .intro { margin: 1.5rem 0; max-width: 44rem; }
        h2 { margin: 2.5rem 0 .25rem; padding-bottom: .25rem; border-bottom: 1px solid var(--rule); font-size: 1.5em; line-height: 1.25; }
        .day-facts, .topic-facts { margin: .25rem 0 1rem; color: var(--muted); }
        h3 { margin: 1.5rem 0 .5rem; font-size: 1.15em; line-height: 1.3; }
        .session h3 { color: var(--accent); }
        .continued { color: var(--muted); font-weight: normal; }
        table { width: 100%; border-collapse: collapse; }
        th { padding: .25rem .5rem; border-bottom: 2px solid var(--rule); color: var(--muted); font-size: .8em; letter-spacing: .05em; text-align: left; text-transform: uppercase; }
        td { padding: .65rem .5rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
        .time { width: 7.5rem; white-space: nowrap; font-variant-numeric: tabular-nums; }
        .room { color: var(--muted); font-size: .9em; white-space: normal; }
        .speaker { margin: 0; font-weight: 600; }
        .paper-title { margin: .1rem 0; }
        .source, .links, .meta, .authors { margin: .15rem 0; color: var(--muted); font-size: .95em; }
        .links a { margin-right: 1rem; }
        details { margin: .4rem 0 0; }
        summary { color: var(--accent); cursor: pointer; }
        details p, .abstract-print p { margin: .4rem 0 0; max-width: 44rem; }
        .abstract-print { display: none; }
        .pause { display: flex; gap: 1rem; margin: 1rem 0; padding: .5rem; border-left: 4px solid var(--pause-edge); background: var(--pause); }
        .pause .time { width: 7rem; }
        .pause-lunch .what { font-weight: 600; }
        .papers { display: grid; gap: 1rem; margin: 0; padding: 0; list-style: none; }
        .paper { padding: 1rem; border: 1px solid var(--rule); border-radius: 6px; }
        .paper h3 { margin-top: 0; }
        .paper-id code { font-size: .9em; }
        .places { margin: .5rem 0 0; font-weight: 600; }
        .places.full { color: #8b1a1a; }
        .presenters { margin: .25rem 0 0; }
        .empty { color: var(--muted); }
        footer { margin-top: 3rem; padding-top: 1rem; padding-bottom: 2rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .85em; }
        @media (max-width: 36rem) {
          h1 { font-size: 1.6em; }
          .time { width: 5.5rem; }
          td { padding: .5rem .25rem; }
          .pause { flex-direction: column; gap: 0; }
        }
        @page { size: A4; margin: 16mm 14mm; }
        @media print {
          body { font-size: 10pt; }
          .skip, .contents { display: none; }
          .wrap { max-width: none; padding: 0; }
          .masthead { padding-top: 0; }
          a { color: inherit; text-decoration: none; }
          .links a[href^="http"]::after, .intro a[href^="http"]:not(.auto)::after { content: " <" attr(href) ">"; font-size: .9em; overflow-wrap: anywhere; }
          tr, .talk, .paper, .pause, li { break-inside: avoid; }
          h2, h3 { break-after: avoid; }
          details { display: none; }
          .abstract-print { display: block; }
          footer { margin-top: 1rem; }
        }
        """
}
