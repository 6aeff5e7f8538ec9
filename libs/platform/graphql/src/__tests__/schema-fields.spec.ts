import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Args, Field, GraphQLSchemaBuilderModule, GraphQLSchemaFactory, InputType, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { printType, type GraphQLSchema } from 'graphql';
import { z } from 'zod';
import { BadUserInputError } from '@vv/contracts';
import { closedSetEnum } from '../closed-set-enums';
import { InputRulesPipe } from '../input-rules';
import { InputFields, ObjectFields, PartialUpdateFields, shownAs } from '../schema-fields';

const SHELF_SIZES = ['small', 'extraLarge'] as const;
const ShelfSizeEnum = closedSetEnum('ShelfSize', SHELF_SIZES);
const BIN_SIZES = ['small', 'extraLarge'] as const;
const BinSizeEnum = closedSetEnum('BinSize', BIN_SIZES);
const BOX_KINDS = ['plain', 'lined'] as const;
closedSetEnum('BoxKind', BOX_KINDS);

const shelf = z
  .object({
    label: z.string().describe('What the shelf says'),
    slots: z.number().int(),
    depth: z.number().optional(),
    open: z.boolean().default(true),
    kind: z.enum(BOX_KINDS),
    size: z.enum(SHELF_SIZES).optional(),
    tags: z.array(z.string()).optional(),
    colour: z
      .string()
      .transform((c) => c.toUpperCase())
      .describe('Its colour')
      .default('#FFFFFF'),
  })
  .strict();

const optionalField = (field: z.ZodType) => field instanceof z.ZodOptional;
const enums = { size: ShelfSizeEnum };

@ObjectType('Shelf')
class ShelfObject extends ObjectFields(shelf, { enums }) {
  @Field() fitted!: boolean;
}

@InputType()
class NewShelfInput extends InputFields(shelf, { enums }) {}

@InputType()
class ShelfUpdateInput extends PartialUpdateFields<Partial<z.output<typeof shelf>>>(shelf.shape, optionalField, 'null removes it', { enums }) {
  @Field({ nullable: true }) note?: string;
}

@Resolver()
class ShelfResolver {
  @Query(() => ShelfObject)
  shelf(@Args('input') input: NewShelfInput, @Args('update') update: ShelfUpdateInput): ShelfObject {
    return { ...shownAs(shelf, { ...shelf.parse(input), ...update } as z.output<typeof shelf>), fitted: true };
  }
}

let schema: GraphQLSchema;

beforeAll(async () => {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  schema = await app.get(GraphQLSchemaFactory).create([ShelfResolver]);
  await app.close();
});

const sdl = (name: string) => printType(schema.getType(name)!);

describe('GraphQL fields made from a schema', () => {
  it('shows each field by its type: a field the schema may lack is nullable, one with a default is not, descriptions from .describe()', () => {
    expect(sdl('Shelf')).toBe(`type Shelf {
  """What the shelf says"""
  label: String!
  slots: Int!
  depth: Float
  open: Boolean!
  kind: BoxKind!
  size: ShelfSize
  tags: [String!]

  """Its colour"""
  colour: String!
  fitted: Boolean!
}`);
  });

  it('takes a whole value with the fields it may lack or has defaults for left out', () => {
    expect(sdl('NewShelfInput')).toBe(`input NewShelfInput {
  """What the shelf says"""
  label: String!
  slots: Int!
  depth: Float
  open: Boolean
  kind: BoxKind!
  size: ShelfSize
  tags: [String!]

  """Its colour"""
  colour: String
}`);
  });

  it('takes a partial update with every field optional, saying which null clears', () => {
    expect(sdl('ShelfUpdateInput')).toBe(`input ShelfUpdateInput {
  """What the shelf says"""
  label: String
  slots: Int

  """null removes it"""
  depth: Float
  open: Boolean
  kind: BoxKind

  """null removes it"""
  size: ShelfSize

  """null removes it"""
  tags: [String!]

  """Its colour"""
  colour: String
  note: String
}`);
  });

  it('lets null clear exactly the fields the update clears, and refuses it in the others (the input rules read the fields it extends)', () => {
    const pipe = new InputRulesPipe();
    const args = { type: 'body' as const, data: 'update', metatype: ShelfUpdateInput };
    expect(pipe.transform({ depth: null, size: null, tags: null }, args)).toEqual({ depth: null, size: null, tags: null });
    let refused: unknown;
    try {
      pipe.transform({ label: null, slots: null, colour: null, note: null }, args);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(BadUserInputError);
    expect((refused as BadUserInputError).fields?.map((f) => f.field)).toEqual(['update.label', 'update.slots', 'update.colour', 'update.note']);
  });

  it('shows a value with the fields it lacks as null, and only the schema’s fields', () => {
    expect(shownAs(shelf.pick({ label: true, depth: true }), { label: 'A', extra: 1 } as never)).toEqual({ label: 'A', depth: null });
  });

  it('refuses a field with no one GraphQL shape, and an enum whose values another closed set shares, when the type is made', () => {
    expect(() => ObjectFields(z.object({ hours: z.object({ monday: z.string() }) }))).toThrow('hours (object) has no one GraphQL shape: give it a field of its own');
    expect(() => InputFields(z.object({ flags: z.record(z.string(), z.boolean()) }))).toThrow('flags (record) has no one GraphQL shape');
    expect(() => ObjectFields(z.object({ size: z.enum(BIN_SIZES) }))).toThrow("The closed sets ShelfSize and BinSize have the same values: name the field's enum");
    expect(() => ObjectFields(z.object({ size: z.enum(['tiny', 'huge']) }))).toThrow('No GraphQL enum is made from the closed set tiny, huge');
    expect(ObjectFields(z.object({ size: z.enum(BIN_SIZES) }), { enums: { size: BinSizeEnum } })).toBeDefined();
  });
});
