/** The ARGOS Identity simulator (providers.md §2): PUT image and submission read under /v3. */
import { systemClock, type SimulatorClock } from '../common/clock';
import { FaultInjector } from '../common/faults';
import { Ledger } from '../common/ledger';
import { RateLimiter } from '../common/rate-limit';
import { SimulatorServer } from '../common/server';
import { argosRoutes } from './routes';
import { ArgosState, type ArgosProject, type Submission } from './state';

export interface ArgosSimulatorOptions {
  projects?: ArgosProject[];
  /** Default 4 hours. */
  submissionTtlMs?: number;
  /** How long a result stays "pending" after the last image. Default 0. */
  resultDelayMs?: number;
  /** The gateway's body limit (413 above it). Default 20 MiB. */
  maxBodyBytes?: number;
  /** Calls per second before 429 (ARGOS: 5,000). */
  ratePerSecond?: number;
  /** Submissions (by id) that exist from the start and again after a reset (training's ready ones). */
  seedSubmissions?: readonly string[];
  /** The tenant's clock (ms since the epoch). Default the system clock; tests pass a manual one. */
  clock?: SimulatorClock;
}

export const ARGOS_TRAINING_PROJECT: ArgosProject = {
  apiKey: 'training-argos-key',
  projectId: 'training-project',
  status: 'active',
  admins: ['admin@training.invalid'],
};

export interface ArgosSimulator {
  readonly name: 'argos';
  readonly server: SimulatorServer;
  readonly state: ArgosState;
  readonly ledger: Ledger;
  readonly faults: FaultInjector;
  createSubmission(options?: { apiKey?: string; submissionId?: string; createdAt?: number }): Submission;
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
  readonly url: string;
}

export function createArgosSimulator(options: ArgosSimulatorOptions = {}): ArgosSimulator {
  const clock = options.clock ?? systemClock;
  const state = new ArgosState(options.submissionTtlMs ?? 4 * 3_600_000, options.resultDelayMs ?? 0, clock);
  const projects = options.projects ?? [ARGOS_TRAINING_PROJECT];
  for (const project of projects) state.projects.set(project.apiKey, project);
  const ledger = new Ledger('argos', clock);
  const faults = new FaultInjector();
  const seed = (): void => {
    for (const id of options.seedSubmissions ?? []) {
      state.createSubmission(projects[0]!.apiKey, id);
      ledger.record('submission_created', { submissionId: id });
    }
  };
  seed();
  const server = new SimulatorServer({
    name: 'argos',
    routes: argosRoutes(state, ledger),
    ledger,
    faults,
    maxBodyBytes: options.maxBodyBytes ?? 20 * 1024 * 1024,
    rateLimit: new RateLimiter(options.ratePerSecond ?? 5_000, 1_000, clock),
    errorBody: (status) => ({ message: status === 429 ? 'Too Many Requests' : 'Internal Server Error' }),
    // Every submission and its images go; the seeded ones come back empty.
    reset: () => {
      state.submissions.clear();
      state.processingErrors = 0;
      seed();
    },
  });
  return {
    name: 'argos',
    server,
    state,
    ledger,
    faults,
    createSubmission: (o = {}) => {
      const submission = state.createSubmission(o.apiKey ?? projects[0]!.apiKey, o.submissionId, o.createdAt);
      ledger.record('submission_created', { submissionId: submission.id });
      return submission;
    },
    listen: (port) => server.listen(port),
    close: () => server.close(),
    get url() {
      return server.url;
    },
  };
}
