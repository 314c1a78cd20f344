// Issue 10, kind 8: capture settings come from the document kind and the device, not one hard-coded
// "flatbed, colour, 300 dpi, one page".
import { describe, expect, it } from 'vitest';
import {
  documentKindOfRole,
  documentPaperSource,
  documentScanSettings,
  MAX_FEED_PAGES,
  nearest,
  planScan,
} from '../../src/main/devices/scan-plan';
import type { SourceCapabilities } from '../../src/shared/ipc/devices';

const flatbedAndDuplexFeeder: SourceCapabilities = {
  flatbed: true,
  adf: true,
  duplex: true,
  resolutions: [150, 200, 300, 600],
  colourModes: ['color', 'gray'],
  maxWidthMm: 215.9,
  maxHeightMm: 297,
};
const sheetFed: SourceCapabilities = { ...flatbedAndDuplexFeeder, flatbed: false };
const greyFlatbed: SourceCapabilities = {
  ...flatbedAndDuplexFeeder,
  adf: false,
  duplex: false,
  colourModes: ['gray'],
  resolutions: [100, 250, 400],
  maxWidthMm: 200,
  maxHeightMm: 200,
};

describe('scan settings from the document kind and the device', () => {
  // Whole plans, every field: one card on the glass, and (brief g12e point 2) a supporting
  // document staff put on the glass of a device that also has a feeder (before, it was always fed
  // from the feeder, so a sheet on the glass was answered "feeder empty").
  it.each([
    {
      name: 'an ID-1 card: the glass when there is one, 300 dpi, colour, the card area',
      plan: () => planScan('id1_card', 'front', flatbedAndDuplexFeeder),
      document: 'id1_card',
      role: 'front',
      resolution: 300,
      areaMm: { width: 90, height: 60 },
    },
    {
      name: 'a document on the glass: one page, counted, from the flatbed, at the A4 area and 200 dpi',
      plan: () =>
        planScan('a4_page', 'document', flatbedAndDuplexFeeder, documentScanSettings('flatbed', 30)),
      document: 'a4_page',
      role: 'document',
      resolution: 200,
      areaMm: { width: 210, height: 297 },
    },
  ] as const)('$name', ({ plan, document, role, resolution, areaMm }) => {
    expect(plan()).toEqual({
      document,
      role,
      paperSource: 'flatbed',
      duplex: false,
      colourMode: 'color',
      resolution,
      pages: 1,
      sheets: 'counted',
      areaMm,
    });
  });

  it('an ID-1 card on a sheet-fed scanner: front and back in one duplex feed', () => {
    expect(planScan('id1_card', 'front', sheetFed)).toMatchObject({
      paperSource: 'adf',
      duplex: true,
      pages: 2,
    });
    // The back alone (a retake) is one simplex page.
    expect(planScan('id1_card', 'back', sheetFed)).toMatchObject({
      paperSource: 'adf',
      duplex: false,
      pages: 1,
    });
    // With cardsFromFeeder, a device with both takes cards from its duplex feeder.
    expect(
      planScan('id1_card', 'front', flatbedAndDuplexFeeder, {}, { cardsFromFeeder: true }),
    ).toMatchObject({
      paperSource: 'adf',
      duplex: true,
      pages: 2,
    });
  });

  it('a passport page and an A4 page: their own areas and resolutions', () => {
    expect(planScan('passport_page', 'passport', flatbedAndDuplexFeeder)).toMatchObject({
      areaMm: { width: 130, height: 95 },
      resolution: 300,
      pages: 1,
    });
    expect(planScan('a4_page', 'document', flatbedAndDuplexFeeder)).toMatchObject({
      areaMm: { width: 210, height: 297 },
      resolution: 200,
    });
    // Several pages from the feeder when asked.
    expect(planScan('a4_page', 'document', sheetFed, { pages: 3 })).toMatchObject({
      paperSource: 'adf',
      duplex: false,
      pages: 3,
    });
  });

  it('the device decides what it cannot do: grey only, its nearest resolution, its maximum area', () => {
    expect(planScan('a4_page', 'document', greyFlatbed)).toMatchObject({
      colourMode: 'gray',
      resolution: 250,
      areaMm: { width: 200, height: 200 },
    });
    expect(nearest([100, 250, 400], 300)).toBe(250);
    expect(nearest([200, 400], 300)).toBe(400);
  });

  it('the resolution per kind is configurable; explicit settings win', () => {
    const options = { resolutionDpi: { id1_card: 600 } };
    expect(planScan('id1_card', 'front', flatbedAndDuplexFeeder, {}, options).resolution).toBe(600);
    expect(
      planScan('id1_card', 'front', flatbedAndDuplexFeeder, { resolution: 150 }, options).resolution,
    ).toBe(150);
    expect(
      planScan('id1_card', 'front', flatbedAndDuplexFeeder, { paperSource: 'adf', duplex: false }),
    ).toMatchObject({ paperSource: 'adf', duplex: false, pages: 1 });
  });

  it('maps the existing image roles to document kinds', () => {
    expect(
      ['front', 'back', 'passport', 'document', 'address', 'selfie'].map((r) =>
        documentKindOfRole(r as never),
      ),
    ).toEqual(['id1_card', 'id1_card', 'passport_page', 'a4_page', 'a4_page', 'selfie']);
  });
});

// Brief g12e point 2: a supporting document on a device with both a glass and a feeder goes where
// staff put it; before, it was always fed from the feeder (a sheet on the glass: "feeder empty").
describe('a multi-page document: glass or feeder', () => {
  // On the glass: the whole plan is in the table at the top of this file.
  it('in the feeder: every sheet until it is empty, capped at the role’s maximum, one side each', () => {
    const fed = planScan('a4_page', 'document', flatbedAndDuplexFeeder, documentScanSettings('adf', 12));
    expect(fed).toMatchObject({ paperSource: 'adf', sheets: 'until-empty', pages: 12, duplex: false });
    const uncapped = planScan('a4_page', 'document', flatbedAndDuplexFeeder, documentScanSettings('adf'));
    expect(uncapped).toMatchObject({ paperSource: 'adf', sheets: 'until-empty', pages: MAX_FEED_PAGES });
  });

  it('where: the choice when the device has it, else the feeder when there is one, else the glass', () => {
    expect(documentPaperSource(flatbedAndDuplexFeeder, 'flatbed')).toBe('flatbed');
    expect(documentPaperSource(flatbedAndDuplexFeeder, 'adf')).toBe('adf');
    // No choice made yet: the feeder (a stack of sheets), as before.
    expect(documentPaperSource(flatbedAndDuplexFeeder)).toBe('adf');
    // A choice the device cannot honour falls back to what it has.
    expect(documentPaperSource(sheetFed, 'flatbed')).toBe('adf');
    expect(documentPaperSource(greyFlatbed, 'adf')).toBe('flatbed');
    expect(documentPaperSource(greyFlatbed)).toBe('flatbed');
  });
});
