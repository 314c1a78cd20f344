/**
 * The flow descriptor: what a flow IS, as pure data, read by the IPC layer (which identifiers and
 * secrets cases.start / cases.provideSecret take, which review values cases.submitReview accepts),
 * by main's case view (where the provider's reading and reference are) and by the one flow screen
 * (phases, capture plan, forms, done screen). The relay's FlowDefinition (src/main/sync/flow-types.ts)
 * stays the executor of remote steps; a descriptor never holds code.
 *
 * Adding a flow = one descriptor file here (listed in registry.ts), a connector folder in
 * src/main/providers/<vendor>/, and its strings in the locale files (`flows.<id>.*`).
 */
import { z } from 'zod';
import { documentKindSchema } from '../domain/documents';
import { imageRoleSchema } from '../domain/image-roles';
import { CAPTURE_ROLE_DEFAULTS, FIELD_DEFAULTS, FLOW_DEFAULTS, REVIEW_DEFAULTS } from './define-flow';
import { PROVIDER_IDS } from './providers';

/** One of the providers the kiosk has connectors for (src/shared/flows/providers.ts). */
export const providerIdSchema = z.enum(PROVIDER_IDS);

/** Text direction of an input: names in Arabic are RTL, numbers, dates and Latin names LTR. */
export const textDirectionSchema = z.enum(['ltr', 'rtl', 'auto']);

/**
 * One rule of a form field, as data; src/shared/flows/form-rules.ts applies them. Each failure
 * names an i18n key under `review.errors` (the renderer shows it, main refuses with it).
 * - required: not blank (and at least `minLength` characters);
 * - latinLetters: letters A–Z, spaces, `.'-` (English names);
 * - arabicLetters: Arabic letters and spaces (the Arabic full name);
 * - digits: ASCII or Arabic-Indic digits only, `min`..`max` of them;
 * - nationalIdNumber: the Egyptian national ID number's own checks (length, century, date, governorate);
 * - dayMonthYear: a real past date written dd/MM/yyyy (Lumin's approve format);
 * - birthDateOfNationalId: the date equals the birth date encoded in field `idField`;
 * - pattern: a regular expression (JavaScript syntax) the trimmed value must match;
 * - isoDate: a real calendar date written yyyy-mm-dd (ISO 8601, as Jumio's prepared data takes
 *   them), in the past when `past` (a birth or issue date); blank is left to `required`.
 */
export const fieldRuleSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('required'),
      minLength: z.number().int().min(1).optional(),
      /** Default `required`; English names say why they are needed (`englishRequired`). */
      messageKey: z.string().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('latinLetters') }).strict(),
  z.object({ kind: z.literal('arabicLetters') }).strict(),
  z
    .object({ kind: z.literal('digits'), min: z.number().int().min(1), max: z.number().int().min(1) })
    .strict(),
  z.object({ kind: z.literal('nationalIdNumber') }).strict(),
  z.object({ kind: z.literal('dayMonthYear') }).strict(),
  z.object({ kind: z.literal('birthDateOfNationalId'), idField: z.string() }).strict(),
  z.object({ kind: z.literal('pattern'), pattern: z.string(), messageKey: z.string() }).strict(),
  z.object({ kind: z.literal('isoDate'), past: z.boolean() }).strict(),
]);
export type FieldRule = z.infer<typeof fieldRuleSchema>;

/**
 * How a value is sent once valid, in order: trimmed (of spaces, and of the invisible direction marks
 * a value pasted from right-to-left text carries), Arabic-Indic digits as ASCII, upper case,
 * ISO-8601 dates (as OCR answers carry them) as dd/MM/yyyy.
 */
export const normaliseStepSchema = z.enum(['trim', 'asciiDigits', 'upperCase', 'isoToDayMonthYear']);
export type NormaliseStep = z.infer<typeof normaliseStepSchema>;

/**
 * When a field is part of the form: always (absent), only when the tenant translates names
 * (Lumin's translation flag), when another field of the same form has a given value
 * (Jumio: the account id only when updating an account), or when a multiple choice includes one
 * of some values (ARGOS: the ID type only when the ID's front or back is chosen).
 */
export const fieldConditionSchema = z.union([
  z.object({ translation: z.boolean() }).strict(),
  z.object({ field: z.string(), equals: z.string() }).strict(),
  /** A `multiChoice` field has at least one of these values chosen (ARGOS: the ID type once a side of the ID is). */
  z.object({ field: z.string(), includesAnyOf: z.array(z.string()).min(1) }).strict(),
]);
export type FieldCondition = z.infer<typeof fieldConditionSchema>;

/**
 * A field whose value the customer can show as a code (ARGOS: the submission id as a QR code on the
 * phone, read from a scanner or an image file). The code holds the value itself or, when it is a
 * web address, carries it in one of the query parameters `queryParams` (first found wins); either
 * way the value must pass the field's own rules.
 */
export const codeSourceSchema = z
  .object({ kind: z.literal('qr'), queryParams: z.array(z.string().min(1)) })
  .strict();
export type CodeSource = z.infer<typeof codeSourceSchema>;

/** One input of an identify step or a review form. Labels are `review.fields.<name>` unless given. */
export const formFieldSchema = z
  .object({
    name: z.string().min(1).max(64),
    /** i18n keys; default `review.fields.<name>` and `review.hints.<name>`. */
    labelKey: z.string().optional(),
    hintKey: z.string().optional(),
    dir: textDirectionSchema,
    /**
     * `choice` renders the options (value + i18n label), one of which must be chosen;
     * `multiChoice` renders them as checkboxes, the value being the chosen option values joined
     * with commas in the options' order (src/shared/flows/choices.ts); `numeric` asks for a
     * digits keyboard. A choice's value outside its options is refused (`choiceUnknown`).
     */
    input: z.enum(['text', 'numeric', 'choice', 'multiChoice']).default(FIELD_DEFAULTS.input),
    options: z.array(z.object({ value: z.string(), labelKey: z.string() }).strict()).optional(),
    when: fieldConditionSchema.optional(),
    rules: z.array(fieldRuleSchema).default([...FIELD_DEFAULTS.rules]),
    normalise: z.array(normaliseStepSchema).default([...FIELD_DEFAULTS.normalise]),
    /** Shown for checking, never edited or sent (e.g. the passport number the provider read). */
    readOnly: z.boolean().default(FIELD_DEFAULTS.readOnly),
    /** The value can also be read from a code the customer shows (src/shared/flows/code-value.ts). */
    fromCode: codeSourceSchema.optional(),
    /**
     * Spans the form's width: a value too long for half of it at 1024×768 (a full name, an address
     * line: "Amira Hassan Abdallah" showed as "Amira Hassan Abdalla" beside the card image).
     */
    wide: z.boolean().optional(),
  })
  .strict();
export type FormField = z.infer<typeof formFieldSchema>;

/**
 * Where a value lives in the stored answers of a case: the answer of remote step `step`, then the
 * object path `path` (e.g. `['customerData', 'customerId']`).
 */
export const answerPathSchema = z.object({ step: z.string(), path: z.array(z.string()).min(1) }).strict();
export type AnswerPath = z.infer<typeof answerPathSchema>;

/**
 * One image role of the capture plan.
 * - document: the kind of document (src/shared/domain/documents.ts): the capture sources derive
 *   their scan settings from it, the imaging pipeline the physical size it looks for;
 * - sources: which capture sources suit it (a selfie: the camera only);
 * - paperSources: for scanners, flatbed and/or automatic document feeder;
 * - pages: a multi-page document (Jumio DOCUMENT) takes up to `max` pages;
 * - required: an optional role (ARGOS: add or replace only some images) may be left out;
 * - mayCarryMrz: an ID-1 card of this flow may carry an ICAO 9303 TD1 zone (Part 5: residence
 *   permits, most national ID cards abroad), so the kiosk reads and checks it. Off by default: the
 *   Egyptian national ID has none, and looking for one costs two OCR passes (~1 s) per capture.
 */
export const captureRoleSchema = z
  .object({
    role: imageRoleSchema,
    document: documentKindSchema,
    required: z.boolean(),
    sources: z.array(z.enum(['scanner', 'camera', 'file'])).min(1),
    paperSources: z.array(z.enum(['flatbed', 'adf'])).default([...CAPTURE_ROLE_DEFAULTS.paperSources]),
    pages: z
      .object({ min: z.number().int().min(1), max: z.number().int().min(1) })
      .strict()
      .optional(),
    mayCarryMrz: z.boolean().optional(),
  })
  .strict();
export type CaptureRole = z.infer<typeof captureRoleSchema>;

/**
 * Whether a review shows the English (Lumin KYC) or Arabic (passport) name fields:
 * - `{ tenant: true }`: the provider connection's own setting (Lumin `kycTranslation`: on, off,
 *   auto = on when the reading carries `autoField`);
 * - `{ answer }`: a remote step's boolean answer (the Update API's translation flag).
 */
export const translationSourceSchema = z.union([
  z.object({ tenant: z.literal(true), autoField: z.string() }).strict(),
  z.object({ answer: answerPathSchema }).strict(),
]);
export type TranslationSource = z.infer<typeof translationSourceSchema>;

/**
 * Where a data form (Jumio's prepared data) takes its first values from what the kiosk already
 * knows, before anyone types:
 * - `mrz`: form field → field of the machine-readable zone (ICAO 9303) the kiosk read on a capture
 *   of this case (`mrzReadingSchema.fields` in src/shared/ipc/devices.ts, e.g. `surname`,
 *   `birthDateIso`); only a reading whose check digits all hold is used;
 * - `identify`: form field → identify field staff typed when starting the case.
 * A provider's reading (`reads`) and the values already reviewed win over these.
 */
export const prefillSchema = z
  .object({
    mrz: z.record(z.string(), z.string()).optional(),
    identify: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type Prefill = z.infer<typeof prefillSchema>;

/**
 * A review step: the form a person checks before the relay goes on. `reads` is where the
 * provider's reading is (empty: a data form the operator fills in, as Jumio's prefill);
 * `image` is shown beside the form; `expiry` names the field read that carries the document's
 * expiry date (warned about at review when past or near).
 */
export const reviewStepSchema = z
  .object({
    step: z.string().min(1).max(64),
    titleKey: z.string(),
    leadKey: z.string(),
    image: imageRoleSchema.optional(),
    /** Merged in order, later non-empty values winning (the back's answer completes the front's). */
    reads: z.array(answerPathSchema).default([...REVIEW_DEFAULTS.reads]),
    translation: translationSourceSchema.optional(),
    prefill: prefillSchema.optional(),
    fields: z.array(formFieldSchema).min(1),
    expiry: z.object({ field: z.string() }).strict().optional(),
  })
  .strict();
export type ReviewStepDescriptor = z.infer<typeof reviewStepSchema>;

/** A customer secret the flow needs for its online session (the Update API's password). */
export const secretSpecSchema = z
  .object({ name: z.string().min(1).max(32), labelKey: z.string(), hintKey: z.string() })
  .strict();
export type SecretSpec = z.infer<typeof secretSpecSchema>;

/**
 * A way forward the flow offers when a case stops for `reason`: start `flow` for the same
 * customer, its identify fields filled from the waiting step's answer (`identifiers`: field of
 * the new flow → key in that answer). Lumin's 10103 "already registered" → the national-ID update.
 */
export const followUpSchema = z
  .object({
    reason: z.string(),
    flow: z.string(),
    labelKey: z.string(),
    identifiers: z.record(z.string(), z.string()),
  })
  .strict();
export type FollowUp = z.infer<typeof followUpSchema>;

/** What the done screen (and its printable receipt) shows of the customer processed. */
export const doneScreenSchema = z
  .object({
    /** The customer's name as reviewed (first field found wins, e.g. Arabic then English). */
    name: z.array(z.string()),
    /** The identity number as reviewed or read, shown masked (last four digits). */
    idNumber: z.array(z.string()),
    /**
     * Translation key of that number's label (default `done.idNumber`, "ID number"): a flow whose
     * number is a passport's says so (`done.passportNumber`).
     */
    idNumberLabelKey: z.string().optional(),
    /** The provider's reference for the customer or transaction. */
    providerReference: z.array(answerPathSchema),
    /**
     * Translation key of that reference's label (default `done.providerReference`, "Provider
     * reference"): what the number is at the provider, e.g. Lumin's customer number, which on an
     * update is the number staff typed, and must not read as a new reference.
     */
    providerReferenceLabelKey: z.string().optional(),
    /**
     * Translation key of the receipt's headline (default `flow.done`, "Done: approved by the
     * provider"). A flow whose completion is not a decision says what it is: Jumio's PROCESSED
     * status (../shared/docs/providers.md §3.3) means processing ended, not that the customer passed.
     */
    headlineKey: z.string().optional(),
  })
  .strict();
export type DoneScreen = z.infer<typeof doneScreenSchema>;

export const flowDescriptorSchema = z
  .object({
    id: z.string().regex(/^[a-z]+\.[a-z0-9-]+$/),
    provider: providerIdSchema,
    /** What staff enter to identify the customer (Lumin applicant id, ARGOS submission id...). */
    identify: z.array(formFieldSchema),
    start: z
      .object({
        /** The flow cannot start offline (its provider must answer at once). */
        needsNetwork: z.boolean(),
        secrets: z.array(secretSpecSchema),
      })
      .strict(),
    capture: z
      .object({
        roles: z.array(captureRoleSchema).min(1),
        /** At least this many roles must be captured (ARGOS: any one of four). Default: the required ones. */
        atLeast: z.number().int().min(1).optional(),
        /**
         * The identify field (a `multiChoice` whose option values are roles of this plan) in which
         * staff choose which images this case captures and sends (ARGOS: add or replace only the
         * ID back and the selfie). Every chosen role is then required and the others are not
         * asked for; src/shared/flows/choices.ts `rolesToCapture` reads it.
         */
        chosenBy: z.string().optional(),
      })
      .strict(),
    reviews: z.array(reviewStepSchema),
    followUps: z.array(followUpSchema).default([...FLOW_DEFAULTS.followUps]),
    done: doneScreenSchema,
    /**
     * How the queue lists a case of this flow. `noNameKey`: translation key shown where the
     * customer's name goes while the case has none (default `queue.noName`, "Name not read yet").
     * A flow whose provider never reads a name (ARGOS, ../shared/docs/providers.md §2: its
     * `done.name` is empty) says so instead, so a completed case does not look unfinished.
     */
    listing: z
      .object({ noNameKey: z.string() })
      .strict()
      .default({ ...FLOW_DEFAULTS.listing }),
  })
  .strict();

/** A flow's descriptor, as written in its file (defaults not yet applied: see `defineFlow` in ./define-flow.ts). */
export type FlowDescriptorInput = z.input<typeof flowDescriptorSchema>;
/** A flow's descriptor with every default applied; what every reader gets from the registry. */
export type FlowDescriptor = z.output<typeof flowDescriptorSchema>;
