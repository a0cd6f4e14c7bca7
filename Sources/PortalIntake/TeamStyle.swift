/// The inbox's own small style sheet, served by the service at `/team/style.css` (the policy
/// allows styles from 'self' only, and no inline style). Plain, high contrast, usable at 320 px,
/// with a focus ring on everything that takes focus; colours checked for WCAG AA contrast.
enum TeamStyle {
    static let css = """
        *, *::before, *::after { box-sizing: border-box; }
        html { color: #1b1b1b; background: #fff; font: 100%/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        body { margin: 0; }
        .bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between;
          padding: .75rem 1rem; background: #1d3557; color: #fff; }
        .bar p { margin: 0; font-weight: 700; }
        .bar form { display: inline; margin: 0; }
        .bar .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
        .bar a, .bar button.link { color: #fff; }
        main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.6rem; line-height: 1.25; margin: .5rem 0 1rem; }
        h2 { font-size: 1.25rem; margin: 0 0 .5rem; }
        a { color: #0b4f8a; text-underline-offset: .15em; }
        a:hover { text-decoration-thickness: 3px; }
        :focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; box-shadow: 0 0 0 5px #1b1b1b; }
        .requests { list-style: none; margin: 0; padding: 0; }
        .request { border: 1px solid #6b6b6b; border-left: .4rem solid #1d3557; border-radius: .25rem;
          padding: .75rem 1rem; margin: 0 0 1rem; }
        dl { margin: 0; display: grid; grid-template-columns: minmax(6rem, max-content) 1fr; gap: .25rem 1rem; }
        dt { font-weight: 700; }
        dd { margin: 0; overflow-wrap: anywhere; }
        .text { white-space: pre-wrap; }
        @media (max-width: 30rem) { dl { grid-template-columns: 1fr; } dd { margin-bottom: .5rem; } }
        .state { display: inline-block; margin: 0 0 .5rem; padding: .1rem .5rem; border-radius: .25rem;
          font-weight: 700; background: #e8f0f8; color: #1d3557; border: 1px solid #1d3557; }
        .state-claimed { background: #fff4e0; color: #5c3b00; border-color: #5c3b00; }
        .state-handled { background: #e6f4ea; color: #1e4620; border-color: #1e4620; }
        form.action { margin: 1rem 0; }
        label { display: block; font-weight: 700; margin: 1rem 0 .25rem; }
        .hint { display: block; color: #4a4a4a; margin: 0 0 .25rem; }
        input, textarea { font: inherit; width: 100%; max-width: 24rem; padding: .5rem; border: 2px solid #1b1b1b;
          border-radius: 0; background: #fff; color: #1b1b1b; }
        textarea { max-width: 100%; min-height: 6rem; }
        button { font: inherit; font-weight: 700; min-height: 2.75rem; padding: .5rem 1rem; margin-top: 1rem;
          border: 2px solid #1d3557; border-radius: .25rem; background: #1d3557; color: #fff; cursor: pointer; }
        button.secondary { background: #fff; color: #1d3557; }
        .bar button { margin: 0; min-height: 2.25rem; background: transparent; color: #fff; border-color: #fff; }
        .error { border-left: .4rem solid #b00020; padding: .5rem 1rem; margin: 1rem 0; background: #fdecee; color: #1b1b1b; }
        .error-message { display: block; color: #b00020; font-weight: 700; margin: 0 0 .25rem; }
        .notes { padding-left: 1.25rem; }
        .notes li { margin-bottom: .75rem; }
        .meta { color: #4a4a4a; }
        """
}
