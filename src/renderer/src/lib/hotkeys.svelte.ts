/**
 * The scan hotkey (F2): the screen showing a capture panel registers what F2 does; App listens.
 */
export class ScanHotkey {
  private action: (() => void) | null = null;

  set(action: (() => void) | null): void {
    this.action = action;
  }

  handle = (event: KeyboardEvent): void => {
    if (event.key === 'F2' && this.action) {
      event.preventDefault();
      this.action();
    }
  };
}
