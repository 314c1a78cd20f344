/**
 * Training mode's scanners: one simulated scanner per specimen person, so staff (and the tests)
 * choose whose document lies on the glass; the provider simulators read it back from the QR code.
 * For an A4 page (Jumio's supporting document, ARGOS's proof of address) each gives that person's A4
 * proof-of-address letter.
 * Plus one that returns a card with no readable data, to practise the "unreadable image" path,
 * and the customer's phone showing an ARGOS application's QR code (the submission id, read at the
 * start of the ARGOS flow).
 */
import type { SimulatedScannerOptions } from '../devices/simulated/simulated-source';
import { renderSyntheticCard } from '../imaging/synthetic-card';
import { renderIdBack, renderIdFront, renderPassport } from './index';
import { renderPhoneQrPage } from './phone-qr';
import { renderSupportingDocument } from './supporting-document';
import { SPECIMEN_PEOPLE, fullNameAr, fullNameEn } from './people';

export function specimenScanners(): SimulatedScannerOptions[] {
  const people: SimulatedScannerOptions[] = SPECIMEN_PEOPLE.map((person) => ({
    id: `simulated:specimen:${person.key}`,
    label: `Specimen – ${fullNameEn(person)}`,
    labelKey: { key: 'specimen', params: { nameEn: fullNameEn(person), nameAr: fullNameAr(person) } },
    imageFor: async (page, request) => {
      // A page asked for (Jumio's supporting document, ARGOS's proof of address; glass or feeder):
      // the person's proof-of-address letter, an A4 page at the request's resolution, numbered as
      // fed (page 0 of the request is "Page 1"). By the role `document` alone, ARGOS's `address`
      // got the ID card's front, judged "retake".
      if (request.document === 'a4_page')
        return renderSupportingDocument(person, page + 1, request.resolution);
      const side = request.paperSource === 'adf' ? (page % 2 === 0 ? 'front' : 'back') : request.role;
      const document =
        side === 'passport'
          ? await renderPassport(person)
          : side === 'back'
            ? await renderIdBack(person)
            : await renderIdFront(person);
      return document.bytes;
    },
  }));
  return [
    ...people,
    {
      id: 'simulated:unreadable',
      label: 'Specimen – card without readable data',
      labelKey: { key: 'unreadable', params: {} },
      imageFor: (page, request) =>
        renderSyntheticCard({ dpi: request.resolution, side: page % 2 === 0 ? 'front' : 'back' }),
    },
    {
      id: 'simulated:phone-qr',
      label: "Specimen – customer's phone with the application's QR code",
      labelKey: { key: 'phoneQr', params: {} },
      imageFor: (_page, request) => renderPhoneQrPage(request.resolution),
    },
  ];
}
