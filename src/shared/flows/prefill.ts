/**
 * The first values of a data form (a review step's `prefill`, src/shared/flows/descriptor.ts) from
 * what the kiosk already knows about the case: the machine-readable zone it read on a capture
 * (ICAO 9303, src/shared/ipc/devices.ts `MrzReading`) and the identify fields staff typed. Pure.
 */
import type { MrzReading } from '../ipc/devices';
import type { Prefill } from './descriptor';

/**
 * Form field → first value. `readings` are the case's MRZ readings in capture-plan order; the
 * first whose check digits all hold is used (an invalid reading would prefill wrong data). Empty
 * values are left out so that the form shows them blank. `typed`: the case's identify fields.
 */
export function prefillValues(
  prefill: Prefill | undefined,
  readings: readonly (MrzReading | null | undefined)[],
  typed: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!prefill) return out;
  for (const [field, from] of Object.entries(prefill.identify ?? {})) {
    const value = typed[from];
    if (typeof value === 'string' && value.trim() !== '') out[field] = value.trim();
  }
  const mrz = readings.find((reading) => reading?.valid);
  if (mrz) {
    const fields = mrz.fields as Readonly<Record<string, string | null>>;
    for (const [field, from] of Object.entries(prefill.mrz ?? {})) {
      // MRZ fillers ('<') are already spaces in the parsed names; trim what remains.
      const value = fields[from]?.trim();
      if (value) out[field] = value;
    }
  }
  return out;
}
