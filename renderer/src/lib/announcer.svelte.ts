// The app's one polite live region. Views used to mark their own containers aria-live (seven of
// them, nested inside a live <main>), so a screen reader read whole panes on every change. Now a
// view says what changed in one sentence and App renders the single region that speaks it.
// Errors that need attention at once keep role="alert" where they are shown.

class Announcer {
  text = $state('');
  #serial = 0;

  /** Speaks `text` politely. The same sentence twice is spoken twice (a trailing zero-width space alternates). */
  say(text: string) {
    this.#serial++;
    this.text = this.#serial % 2 === 0 ? text : `${text}\u200b`;
  }
}

export const announcer = new Announcer();
