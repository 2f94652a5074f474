// The welcome around the counter on `/`. To replace it, delete this file and its two uses
// in counter.tsx, or route `/` to a view of your own in src/routes.ts.

/** Where `kinetic dev` serves the guides that ship with the `kinetic` package. */
const DOCS = '/__kinetic/docs/';

/** What this app is, above the counter. */
export const WelcomeIntro = () => (
  <p class="welcome-lead">
    This is a <strong>Kinetic</strong> app. The server renders each page and keeps its state; the
    browser sends events over a WebSocket and gets back only what changed. Click the buttons: no
    page load, and the count lives on the server. Its views are written in JSX (<code>.tsx</code>),
    compiled to <code>html</code> templates when the app is built.
  </p>
);

// KINETIC_DEV=1 is set by `kinetic dev` for the app it runs, and only that server answers
// DOCS: a built app, or a test, gets the same words without links that would 404.
const Learn = () =>
  process.env.KINETIC_DEV === '1' ? (
    <ul>
      <li>
        <a href={DOCS}>The docs</a>: views, JSX, testing, the CLI, security
      </li>
      <li>
        <a href={`${DOCS}examples`}>The examples</a>: small apps to read
      </li>
    </ul>
  ) : (
    <p>
      The docs and the list of examples ship with the <code>kinetic</code> package:{' '}
      <code>__PM_RUN__ dev</code> serves them at <code>{DOCS}</code>.
    </p>
  );

/** Where to go from here, below the counter. */
export const WelcomeNext = () => (
  <div class="welcome-next">
    <section>
      <h2>Edit</h2>
      <ul>
        <li>
          <code>src/views/</code> views; this page is <code>counter.tsx</code>
        </li>
        <li>
          <code>src/routes.ts</code> which view answers which URL
        </li>
        <li>
          <code>src/layout.tsx</code> the HTML around every page
        </li>
        <li>
          <code>src/styles/app.css</code> styles, swapped in on save
        </li>
      </ul>
    </section>
    <section>
      <h2>Learn</h2>
      <Learn />
    </section>
    <section class="commands">
      <h2>Next</h2>
      <pre>
        <code>
          {`__PM_EXEC__ kinetic generate live Clock
__PM_EXEC__ kinetic generate scaffold Post title:string body:text
__PM_RUN__ test`}
        </code>
      </pre>
    </section>
  </div>
);
