/**
 * What staff typed in a review form and have not approved yet, kept while the form is away: a
 * lock (manual or idle) unmounts the flow screen, and unlocked by the same operator the screen
 * comes back (App.svelte `resume`) and its form starts from here instead of from the provider's
 * reading again. Without it a correction typed before a lock was silently undone and could be
 * approved unseen (found in a teller's trial).
 *
 * In memory only, like the form itself: never sent to main, never stored. All are forgotten when
 * the session ends or changes hands, or the idle guard clears the customer's data (`forgetAll`).
 * An approved form's draft stays until then: the approval gives the review a new reading, so its
 * key is not met again, and a refused approval keeps what was typed.
 *
 * A draft's key holds the reading it started from (`draftKey`): after a retake the provider's new
 * reading is a new key, so a draft typed over the old reading never overrides it.
 */
export interface FormDraft {
  values: Record<string, string>;
  touched: Record<string, boolean>;
}

const drafts = new Map<string, FormDraft>();

/** The key of a form: its case, its step, and the reading it starts from. */
export function draftKey(caseId: string, step: string, initial: Record<string, string>): string {
  return JSON.stringify([caseId, step, initial]);
}

export function saveDraft(key: string, draft: FormDraft): void {
  drafts.set(key, { values: { ...draft.values }, touched: { ...draft.touched } });
}

export function draftFor(key: string): FormDraft | undefined {
  return drafts.get(key);
}

export function forgetAll(): void {
  drafts.clear();
}
