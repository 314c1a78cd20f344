/**
 * The upload steps of Jumio's credentials flow (seed 004): the ID's FRONT and BACK and the selfie's
 * FACE as parts of their credentials (added; replaced on a retake), and the optional supporting
 * DOCUMENT (its earlier pages deleted first, then one PDF or image page). Each step only reads the
 * started transaction (transaction.ts) and the case's sealed image; credentials-flow.ts puts them
 * in order between the prepared data and finalize.
 */
import type { ImageRole } from '../../../shared/domain/flows';
import type { StepDefinition, StepOutcome, StoredImage } from '../../sync/flow-types';
import { isFailure, requiredImagePieces } from '../connector';
import { interpretJumio } from './jumio-answers';
import type { FilePart } from '../http/streamed-multipart';
import type { JumioClient } from './jumio-client';
import { credentialOf, partUrl, transactionOrFailure } from './transaction';
import { withdrawalTargets } from './withdraw';

/** The file name's extension each stored type is uploaded under (the part's own type says the rest). */
const FILE_EXTENSION: Readonly<Record<StoredImage['mime'], string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
};

const PART_OF_ROLE: {
  key: string;
  role: ImageRole;
  classifier: 'FRONT' | 'BACK' | 'FACE';
  category: 'ID' | 'SELFIE';
}[] = [
  { key: 'part-front', role: 'front', classifier: 'FRONT', category: 'ID' },
  { key: 'part-back', role: 'back', classifier: 'BACK', category: 'ID' },
  { key: 'part-face', role: 'selfie', classifier: 'FACE', category: 'SELFIE' },
];

/**
 * The FRONT, BACK and FACE part steps ('part-front', 'part-back', 'part-face'), in that order.
 * Failures: fatal `no_transaction` / `no_credential` when the transaction lacks what the part
 * needs; Jumio's answers as jumio-answers.ts reads them.
 */
export function jumioPartSteps(client: JumioClient): StepDefinition[] {
  return PART_OF_ROLE.map(({ key, role, classifier, category }) => ({
    key,
    kind: 'remote',
    // A classifier holds one image: adding again or replacing overwrites it.
    idempotent: true,
    sends: [role],
    run: async (context): Promise<StepOutcome> => {
      const transaction = transactionOrFailure(context);
      if (isFailure(transaction)) return transaction;
      const credential = credentialOf(transaction, category);
      if (!credential)
        return {
          kind: 'fatal',
          code: 'no_credential',
          message: `The workflow has no ${category} credential`,
        };
      const url = partUrl(transaction, credential, classifier);
      // The image streams from its sealed file into the request; each request opens it afresh.
      const file = async (): Promise<FilePart | StepOutcome> => {
        const image = await requiredImagePieces(context, role);
        if (isFailure(image)) return image;
        const mime = image.mime as StoredImage['mime'];
        return { ...image, mime, filename: `${classifier.toLowerCase()}.${FILE_EXTENSION[mime]}` };
      };
      const first = await file();
      if (!('pieces' in first)) return first;
      // A retake (this step ran before, or an earlier attempt may have landed) replaces the part;
      // if there turns out to be nothing to replace, it is added.
      const retake = context.answers[key] !== undefined || context.attempt > 1;
      let result = await client.uploadPart(
        retake ? 'PUT' : 'POST',
        url,
        first,
        transaction.token,
        context.signal,
      );
      if (retake && result.kind === 'response' && result.status === 404) {
        const again = await file();
        if (!('pieces' in again)) return again;
        result = await client.uploadPart('POST', url, again, transaction.token, context.signal);
      }
      const answer = interpretJumio(result, 'transaction', role);
      if (answer.kind === 'outcome') return answer.outcome;
      return { kind: 'success', answer: { classifier, method: retake ? 'PUT' : 'POST' } };
    },
  }));
}

/**
 * The 'document' step, run only when a supporting document was captured. Failures: fatal
 * `no_document_credential` when the workflow was started without DOCUMENT; Jumio's answers.
 */
export function jumioDocumentStep(client: JumioClient): StepDefinition {
  const { config } = client;
  return {
    key: 'document',
    kind: 'remote',
    // Pages are appended, so the step first deletes the earlier ones: the repeat leaves one copy.
    idempotent: true,
    sends: ['document'],
    when: ({ images }) => images.includes('document'),
    run: async (context) => {
      const transaction = transactionOrFailure(context);
      if (isFailure(transaction)) return transaction;
      const credential = credentialOf(transaction, 'DOCUMENT');
      if (!credential)
        return {
          kind: 'fatal',
          code: 'no_document_credential',
          message: 'The workflow has no DOCUMENT credential',
        };
      const image = await requiredImagePieces(context, 'document');
      if (isFailure(image)) return image;
      const mime = image.mime as StoredImage['mime'];
      // Clear earlier pages (seed 004: delete a part, here DOCUMENT; or the configured "delete all
      // pages" path). 404 means there were none.
      const [target] = withdrawalTargets(
        { ...transaction, credentials: [credential] },
        config.deleteAllPagesPath,
      );
      const cleared = await client.deletePart(target!.url, transaction.token, context.signal);
      if (!(cleared.kind === 'response' && cleared.status === 404)) {
        const answer = interpretJumio(cleared, 'transaction');
        if (answer.kind === 'outcome') return answer.outcome;
      }
      const result = await client.uploadPart(
        'POST',
        partUrl(transaction, credential, 'DOCUMENT'),
        // One PDF goes as itself (seed 004: "image(s)/single pdf"), an image as a page.
        { ...image, mime, filename: `document.${FILE_EXTENSION[mime]}` },
        transaction.token,
        context.signal,
      );
      const answer = interpretJumio(result, 'transaction', 'document');
      return answer.kind === 'outcome'
        ? answer.outcome
        : { kind: 'success', answer: { classifier: 'DOCUMENT' } };
    },
  };
}
