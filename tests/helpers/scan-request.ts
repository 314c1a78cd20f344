import type { ScanRequest } from '../../src/main/devices/scan-plan';

/** A resolved scan request: an ID-1 card's front from the flatbed in colour at 300 dpi, 90 × 60 mm. */
export function scanRequest(overrides: Partial<ScanRequest> = {}): ScanRequest {
  return {
    document: 'id1_card',
    role: 'front',
    paperSource: 'flatbed',
    duplex: false,
    colourMode: 'color',
    resolution: 300,
    pages: 1,
    sheets: 'counted',
    areaMm: { width: 90, height: 60 },
    ...overrides,
  };
}
