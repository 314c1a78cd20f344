/** Home's "Continue the open case": the operator's open cases, read from main (see open-cases.ts). */
import type { CaseListItem, CaseSummary } from '../../../shared/ipc/queue';
import type { KioskApi } from '../../../shared/ipc/kiosk-api';
import { openCasesOf } from './open-cases';

/** Rows read from each list: a teller rarely has more than a few cases open at once. */
const PAGE = 20;

export class OpenCases {
  /** Newest first; no personal data is kept (the list's customer name is dropped). */
  cases = $state<CaseSummary[]>([]);
  private seq = 0;

  constructor(private readonly api: KioskApi) {}

  /** Reads the operator's in-progress and inbox cases from main; a later call's answer wins. */
  async load(operatorId: string): Promise<void> {
    const seq = ++this.seq;
    const [progress, attention] = await Promise.all([
      this.api.queue.list({ list: 'in_progress', operatorId, order: 'recent', limit: PAGE }),
      this.api.queue.list({ list: 'attention', operatorId, order: 'recent', limit: PAGE }),
    ]);
    if (seq !== this.seq) return;
    const rows: CaseListItem[] = [
      ...(progress.ok ? progress.value.cases : []),
      ...(attention.ok ? attention.value.cases : []),
    ];
    this.cases = openCasesOf(
      rows.map(({ customerName: _name, ...summary }) => summary),
      operatorId,
    );
  }
}
