/**
 * The idType values the ARGOS PUT endpoint accepts, as the vendor's documentation lists them
 * (providers.md 2.1). The simulator keeps its own list, written from the documentation, so a
 * mistake in the kiosk's list (src/main/providers/config.ts) shows up as a refused request.
 */
export const DOCUMENTED_ID_TYPES: readonly string[] = [
  'drivers_license',
  'government_id',
  'passport',
  'residence_permit',
  'vehicle_registration_certificate',
  'visa',
  'aadhaar',
  'pancard',
];
