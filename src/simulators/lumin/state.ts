/**
 * What the simulated Lumin tenant remembers: tenants (with their translation switch), onboarded
 * customers (national ID → applicant), update passwords, and per-session progress. A session token
 * is one onboarding or update request, as on the real platform.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { systemClock, type SimulatorClock } from '../common/clock';

export interface Tenant {
  tenantId: string;
  tenantSecret: string;
  translation: boolean;
}

export interface Customer {
  applicantId: string;
  customerId: string;
  nationalId: string;
  password: string;
  /** 1 password (supported at the kiosk), others to test "not supported". */
  verificationMethod: number;
}

export type CustomerData = Record<string, string | number | null>;

interface BaseSession {
  token: string;
  tenant: Tenant;
  expiresAt: number;
}

export interface KycSession extends BaseSession {
  kind: 'kyc';
  operator: { userId: string; userName: string };
  requestTypeId: number;
  customerId: string;
  front?: CustomerData;
  frontApproved?: Record<string, unknown>;
  back?: CustomerData;
  backApproved?: boolean;
}

export interface UpdateSession extends BaseSession {
  kind: 'update';
  customer: Customer;
  steps: number[];
  initialized?: number;
  verified?: boolean;
  front?: CustomerData;
  back?: CustomerData;
  frontApproved?: boolean;
  /** What the approve call carried (the reviewed names), for the training UI and tests. */
  frontApprovedBody?: Record<string, unknown>;
  backApproved?: boolean;
  passport?: CustomerData;
  passportApproved?: boolean;
  passportApprovedBody?: Record<string, unknown>;
}

export type Session = KycSession | UpdateSession;

export class LuminState {
  readonly tenants = new Map<string, Tenant>();
  readonly customersByApplicant = new Map<string, Customer>();
  readonly sessions = new Map<string, Session>();
  private nextApplicant = 5000;
  /**
   * When each update step was last applied to each customer (ms since the epoch, by applicant id,
   * then update step id): GetCurrentRequestSteps' `lastUpdatedDate` (providers.md 1.3). A customer
   * never updated answers the time it was added.
   */
  private readonly updatedAt = new Map<string, Map<number, number>>();
  private readonly addedAt = new Map<string, number>();
  /** Approve calls to answer with status 1 / false, for tests of the provider's refusal. */
  refuseNextApprovals = 0;

  constructor(
    readonly tokenTtlMs: number,
    /** The platform's clock (ms since the epoch): session token lifetimes. */
    readonly now: SimulatorClock = systemClock,
  ) {}

  customerByNationalId(nationalId: string): Customer | undefined {
    for (const c of this.customersByApplicant.values()) if (c.nationalId === nationalId) return c;
    return undefined;
  }

  addCustomer(customer: Partial<Customer> & { nationalId: string }): Customer {
    const full: Customer = {
      applicantId: customer.applicantId ?? String((this.nextApplicant += 1)),
      customerId: customer.customerId ?? randomUUID().toUpperCase(),
      password: customer.password ?? 'Specimen#2024',
      verificationMethod: customer.verificationMethod ?? 1,
      nationalId: customer.nationalId,
    };
    this.customersByApplicant.set(full.applicantId, full);
    this.addedAt.set(full.applicantId, this.now());
    return full;
  }

  /** `lastUpdatedDate` of `step` for the customer (ms since the epoch). */
  lastUpdated(applicantId: string, step: number): number {
    return this.updatedAt.get(applicantId)?.get(step) ?? this.addedAt.get(applicantId) ?? 0;
  }

  /**
   * An update of `step` took effect now. Each one gets a later date than the one it replaces, even
   * when the platform's clock has not moved (a frozen test clock), as distinct updates would.
   */
  markUpdated(applicantId: string, step: number): void {
    const at = Math.max(this.now(), this.lastUpdated(applicantId, step) + 1);
    let steps = this.updatedAt.get(applicantId);
    if (!steps) this.updatedAt.set(applicantId, (steps = new Map<number, number>()));
    steps.set(step, at);
  }

  newToken(): { token: string; expiresAt: number } {
    return { token: randomBytes(24).toString('base64url'), expiresAt: this.now() + this.tokenTtlMs };
  }

  /** The live session for a bearer token, or why there is none. */
  session(token: string | undefined): Session | 'missing' | 'expired' {
    if (!token) return 'missing';
    const found = this.sessions.get(token);
    if (!found) return 'missing';
    if (this.now() >= found.expiresAt) return 'expired';
    return found;
  }

  takeRefusal(): boolean {
    if (this.refuseNextApprovals <= 0) return false;
    this.refuseNextApprovals -= 1;
    return true;
  }
}
