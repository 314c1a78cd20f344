/**
 * Settings the kiosk itself changes at run time (the operator's language), kept apart from the
 * administrator's configuration file so the app never rewrites what IT placed.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { languageSchema, type Language } from '../../shared/ipc/app';
import { readJsonFile, writeJsonFileAtomic } from './json-file';

const settingsSchema = z.object({ language: languageSchema.optional() });
export type Settings = z.infer<typeof settingsSchema>;

export class SettingsFile {
  private readonly path: string;
  private current: Settings;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'settings.json');
    let raw: unknown;
    try {
      raw = readJsonFile(this.path);
    } catch {
      raw = undefined; // a damaged settings file only loses the language choice
    }
    const parsed = settingsSchema.safeParse(raw ?? {});
    this.current = parsed.success ? parsed.data : {};
  }

  get language(): Language | undefined {
    return this.current.language;
  }

  /** Forgets the operator's choice: the default language applies again. */
  clearLanguage(): void {
    const next = { ...this.current };
    delete next.language;
    this.current = next;
    writeJsonFileAtomic(this.path, this.current);
  }

  setLanguage(language: Language): void {
    this.current = { ...this.current, language };
    writeJsonFileAtomic(this.path, this.current);
  }
}
