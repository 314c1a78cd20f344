// The customer's name on a queue row (src/main/sync/queue-view.ts `nameIn`): a Jumio case, whose
// form keeps the given and family names apart (seed 004's prepared data), was listed as "Name not
// read yet" once the teller had typed both (found by the fresh-user walkthrough).
import { describe, expect, it } from 'vitest';
import { nameIn } from '../../src/main/sync/queue-view';

describe("a queue row's customer name", () => {
  it('joins a given and a family name kept apart (Jumio typed, MRZ read), given name first', () => {
    expect(nameIn({ firstName: ' Amira ', lastName: 'Specimen', country: 'EGY' })).toBe('Amira Specimen');
    expect(nameIn({ givenNames: 'OMAR', surname: 'SPECIMEN' })).toBe('OMAR SPECIMEN');
    expect(nameIn({ lastName: 'Specimen' })).toBe('Specimen');
  });

  it('prefers a whole name, finds one inside a review step, and gives null for none or blanks', () => {
    expect(nameIn({ fullName: 'Nour Specimen', firstName: 'Other', lastName: 'Name' })).toBe('Nour Specimen');
    expect(nameIn({ review: { firstName: 'Amira', lastName: 'Specimen' } })).toBe('Amira Specimen');
    expect(nameIn({ firstName: '  ', lastName: '' })).toBeNull();
    expect(nameIn(undefined)).toBeNull();
  });
});
