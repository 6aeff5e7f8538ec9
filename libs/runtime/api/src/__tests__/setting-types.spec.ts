import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { buildSchema, isNonNullType, type GraphQLInputObjectType, type GraphQLObjectType } from 'graphql';
import type { z } from 'zod';
import { BadUserInputError } from '@vv/contracts';
import { InputRulesPipe, SCHEMA_FILE } from '@vv/platform/graphql';
import { brandingSetting, brandingUpdate, messagingShown, messagingUpdate, newWardSetting, videoShown, videoUpdate, wardShown, wardUpdate } from '@vv/domain/trusts';
import { BrandingInput, UpdateWardInput, VideoSettingsInput } from '@vv/domain/trust-settings';
import { MessagingSettingsInput } from '@vv/domain/notifications';

/**
 * Each trust setting's types in the API are its schema's fields, plus the fields each type gives
 * its own way (named here, so a new one is a choice made in review): a setting's field cannot be
 * missing from the API, and null clears exactly what the setting's update clears.
 */
const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
const fieldsOf = (shape: object) => Object.keys(shape);
const shapeOf = (setting: z.ZodType) => (setting as z.ZodObject<z.ZodRawShape>).shape as Record<string, z.ZodType>;

const updates = [
  { input: 'BrandingInput', type: BrandingInput, update: brandingUpdate, own: [] },
  { input: 'UpdateWardInput', type: UpdateWardInput, update: wardUpdate, own: ['visitingHours'] },
  { input: 'VideoSettingsInput', type: VideoSettingsInput, update: videoUpdate, own: ['secret'] },
  { input: 'MessagingSettingsInput', type: MessagingSettingsInput, update: messagingUpdate, own: ['templates', 'notifyApiKey', 'callbackToken'] },
] as const;

const views = [
  { object: 'Branding', setting: brandingSetting, own: [] },
  { object: 'Ward', setting: wardShown, own: ['id', 'hospital', 'visitingHours', 'canBookVisits', 'takesUnscheduledVisits', 'canChangeSettings'] },
  { object: 'VideoSettings', setting: videoShown, own: ['secretSet'] },
  { object: 'MessagingSettings', setting: messagingShown, own: ['templates', 'notifyApiKeySet', 'notifyServiceId', 'callbackTokenSet', 'callbackUrl'] },
] as const;

describe("a trust setting's types in the API are made from its schema", () => {
  it.each(updates)('$input takes every field of the update, each of which may be left out', ({ input, update, own }) => {
    const fields = Object.values((schema.getType(input) as GraphQLInputObjectType).getFields());
    expect(fields.map((f) => f.name).sort()).toEqual([...fieldsOf(shapeOf(update)), ...own].sort());
    expect(fields.filter((f) => isNonNullType(f.type))).toEqual([]);
  });

  it.each(updates)('$input lets null through exactly where the update clears a field with it', ({ input, type, update }) => {
    const pipe = new InputRulesPipe();
    for (const field of fieldsOf(shapeOf(update))) {
      const clears = update.safeParse({ [field]: null }).success;
      let refused = false;
      try {
        expect(pipe.transform({ [field]: null }, { type: 'body', data: 'input', metatype: type })).toEqual({ [field]: null });
      } catch (error) {
        if (!(error instanceof BadUserInputError)) throw error;
        refused = true;
      }
      expect(`${input}.${field} ${refused ? 'refuses' : 'clears with'} null`).toBe(`${input}.${field} ${clears ? 'clears with' : 'refuses'} null`);
    }
  });

  it.each(views)('$object shows every field of the setting, null where the setting may lack it', ({ object, setting, own }) => {
    const fields = (schema.getType(object) as GraphQLObjectType).getFields();
    expect(Object.keys(fields).sort()).toEqual([...fieldsOf(setting.shape), ...own].sort());
    for (const [name, field] of Object.entries(shapeOf(setting))) {
      const mayLack = field.safeParse(undefined).success && field.parse(undefined) === undefined;
      expect(`${object}.${name} ${isNonNullType(fields[name].type) ? 'always' : 'may be null'}`).toBe(`${object}.${name} ${mayLack ? 'may be null' : 'always'}`);
    }
  });

  it('CreateWardInput takes a new ward setting, requiring what the setting requires', () => {
    const fields = (schema.getType('CreateWardInput') as GraphQLInputObjectType).getFields();
    expect(Object.keys(fields).sort()).toEqual([...fieldsOf(newWardSetting.shape), 'hospitalId', 'visitingHours'].sort());
    for (const [name, field] of Object.entries(shapeOf(newWardSetting))) {
      expect(`${name} ${isNonNullType(fields[name].type) ? 'required' : 'optional'}`).toBe(`${name} ${field.safeParse(undefined).success ? 'optional' : 'required'}`);
    }
  });
});
