/**
 * The second click of a double click never activates a button. A screen change can put another
 * button where the first click was: the saved side's Continue (a local step, no command) gives way
 * to the needs-attention screen after Lumin's 10103, and at 1024×768 its "Needs attention" button
 * lies under the pointer, so a double click on Continue used to leave the case for the inbox.
 * Buttons that send a command are also disabled while it runs (FlowCase.busy); this covers the
 * ones that only navigate or change what the screen shows.
 */

/**
 * True for a click that repeats the one before it (`detail` ≥ 2: the browser's click count within
 * the system's double-click time) on a button or inside one. Keyboard activation has `detail` 0.
 */
export function isRepeatButtonClick(event: MouseEvent): boolean {
  if (event.detail < 2) return false;
  const target = event.target;
  return target instanceof Element && target.closest('button') !== null;
}

/**
 * Window click listener for the capture phase: drops a repeated click on a button before any
 * button's own handler (Svelte delegates them below the window) or a form's submission sees it.
 */
export function dropRepeatButtonClick(event: MouseEvent): void {
  if (!isRepeatButtonClick(event)) return;
  event.preventDefault();
  event.stopImmediatePropagation();
}
