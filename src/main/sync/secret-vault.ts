/**
 * Customer secrets a step needs (the update flows' password), held in memory only, per case. They
 * are never written to the database, the logs or an IPC answer, and vanish when the app stops or
 * the case finishes.
 */
export class SecretVault {
  private readonly secrets = new Map<string, Map<string, string>>();

  set(caseId: string, name: string, value: string): void {
    let forCase = this.secrets.get(caseId);
    if (!forCase) this.secrets.set(caseId, (forCase = new Map<string, string>()));
    forCase.set(name, value);
  }

  get(caseId: string, name: string): string | undefined {
    return this.secrets.get(caseId)?.get(name);
  }

  has(caseId: string): boolean {
    return (this.secrets.get(caseId)?.size ?? 0) > 0;
  }

  forget(caseId: string): void {
    this.secrets.delete(caseId);
  }

  clear(): void {
    this.secrets.clear();
  }
}
