/** What the simulated ARGOS tenant remembers: API keys and their projects, and submissions. */
import type { SpecimenPayload } from '../../main/specimens';
import { systemClock, type SimulatorClock } from '../common/clock';

export interface ArgosProject {
  apiKey: string;
  projectId: string;
  /** 'missing' answers "Cannot find project info", 'inactive' "Invalid project". */
  status: 'active' | 'inactive' | 'missing';
  admins: string[];
}

export type ImageField = 'idImage' | 'idBackImage' | 'selfieImage' | 'addressImage';
export const IMAGE_FIELDS: readonly ImageField[] = ['idImage', 'idBackImage', 'selfieImage', 'addressImage'];

export interface StoredArgosImage {
  digest: string;
  bytes: number;
  payload: SpecimenPayload | undefined;
  at: number;
}

export interface Submission {
  id: string;
  apiKey: string;
  createdAt: number;
  idType?: string;
  images: Partial<Record<ImageField, StoredArgosImage>>;
  /** Set by an admin call to force a result (training: show a rejection). */
  forced?: { result: string; commentCode: string; comment: string };
}

export class ArgosState {
  readonly projects = new Map<string, ArgosProject>();
  readonly submissions = new Map<string, Submission>();
  /** The next PUTs that fail with processing_error. */
  processingErrors = 0;
  private counter = 0;

  constructor(
    readonly submissionTtlMs: number,
    readonly resultDelayMs: number,
    /** The tenant's clock (ms since the epoch): submission lifetimes and result delays. */
    readonly now: SimulatorClock = systemClock,
  ) {}

  createSubmission(apiKey: string, id?: string, createdAt: number = this.now()): Submission {
    this.counter += 1;
    const submission: Submission = {
      id: id ?? `sub_${this.now().toString(36)}_${this.counter}`,
      apiKey,
      createdAt,
      images: {},
    };
    this.submissions.set(submission.id, submission);
    return submission;
  }

  /** A submission id is valid for 4 hours (providers.md 2.1). */
  liveSubmission(apiKey: string, id: string): Submission | undefined {
    const found = this.submissions.get(id);
    if (!found || found.apiKey !== apiKey) return undefined;
    return this.now() - found.createdAt < this.submissionTtlMs ? found : undefined;
  }
}
