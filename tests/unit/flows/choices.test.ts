// Multiple choices in flow forms and the images a case takes (src/shared/flows/choices.ts), with
// ARGOS's identify form as the real example: staff choose which images to add or replace, every
// chosen one is required, a value outside the options is refused, the order of the clicks does
// not matter, and the ID type is asked only when a side of the ID is chosen.
import { describe, expect, it } from 'vitest';
import { chosenValues, joinChoices, rolesToCapture } from '../../../src/shared/flows/choices';
import { fieldApplies, normaliseForm, validateForm } from '../../../src/shared/flows/form-rules';
import { FLOW_DESCRIPTORS, flowDescriptor } from '../../../src/shared/flows/registry';

const argos = flowDescriptor('argos.put-image')!;
const identify = argos.identify;
const imagesField = identify.find((field) => field.name === 'images')!;
const idTypeField = identify.find((field) => field.name === 'idType')!;
const problems = (values: Record<string, string>) =>
  validateForm(identify, values, { translationEnabled: false }).map((p) => `${p.field}:${p.key}`);

describe('chosenValues / joinChoices', () => {
  it('reads the chosen values, dropping blanks and repeats', () => {
    expect(chosenValues(undefined)).toEqual([]);
    expect(chosenValues(' , ')).toEqual([]);
    expect(chosenValues('selfie, front,selfie,')).toEqual(['selfie', 'front']);
  });

  it('writes them in the options’ order, whatever the order of the clicks', () => {
    expect(joinChoices(imagesField, ['address', 'front'])).toBe('front,address');
    expect(joinChoices(imagesField, ['passport'])).toBe('');
  });
});

describe('ARGOS identify form: which images to add or replace', () => {
  const base = { submissionId: 'training-submission-1' };

  it('requires at least one image, with its own message', () => {
    expect(problems({ ...base })).toEqual(['images:chooseImages']);
    expect(problems({ ...base, images: ' , ' })).toEqual(['images:chooseImages']);
    expect(problems({ ...base, images: 'selfie' })).toEqual([]);
  });

  it('refuses an image ARGOS does not take, and an ID type outside the list', () => {
    expect(problems({ ...base, images: 'front,document' })).toEqual(['images:choiceUnknown']);
    expect(problems({ ...base, images: 'front', idType: 'library_card' })).toEqual(['idType:choiceUnknown']);
    expect(problems({ ...base, images: 'front', idType: '' })).toEqual([]);
  });

  it('asks the ID type only when the ID front or back is among the images', () => {
    const applies = (images: string) => fieldApplies(idTypeField, { images }, { translationEnabled: false });
    expect(applies('selfie,address')).toBe(false);
    expect(applies('back')).toBe(true);
    expect(applies('selfie,front')).toBe(true);
    // Not asked, not sent: a selfie alone carries no ID type.
    expect(
      normaliseForm(
        identify,
        { ...base, images: 'selfie', idType: 'passport' },
        { translationEnabled: false },
      ),
    ).toEqual({ ...base, images: 'selfie' });
  });

  it('stores the choice in one order', () => {
    expect(
      normaliseForm(
        identify,
        { ...base, images: 'address,front', idType: 'passport' },
        { translationEnabled: false },
      ),
    ).toEqual({ ...base, images: 'front,address', idType: 'passport' });
  });
});

describe('rolesToCapture', () => {
  it('takes the chosen roles in the plan’s order, or the whole plan without a choice', () => {
    expect(rolesToCapture(argos, { images: 'selfie,back' })).toEqual(['back', 'selfie']);
    expect(rolesToCapture(argos, { images: 'selfie,passport' })).toEqual(['selfie']);
    // Cases queued before the choice existed: every role (the connector then sends any one).
    expect(rolesToCapture(argos, {})).toEqual(['front', 'back', 'selfie', 'address']);
    const lumin = flowDescriptor('lumin.kyc-national-id')!;
    expect(rolesToCapture(lumin, { images: 'back' })).toEqual(['front', 'back']);
  });

  it('every chosenBy names a multiChoice identify field whose options are roles of the plan', () => {
    const withChoice = FLOW_DESCRIPTORS.filter((descriptor) => descriptor.capture.chosenBy);
    expect(withChoice.map((descriptor) => descriptor.id)).toContain('argos.put-image');
    for (const descriptor of withChoice) {
      const field = descriptor.identify.find((f) => f.name === descriptor.capture.chosenBy);
      expect(field?.input, descriptor.id).toBe('multiChoice');
      const plan = descriptor.capture.roles.map((role) => role.role as string);
      expect(field?.options?.map((option) => option.value).sort()).toEqual([...plan].sort());
    }
  });
});
