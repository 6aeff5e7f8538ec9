/**
 * The demo trusts' people and services, in one place: the demo staff and their roles, the
 * seeder that loads them, and a local GOV.UK Notify holding each trust's templates. Only
 * `npm start` (apps/local), the CLI's demo token, the test harnesses and the benches use
 * them; a lint rule refuses the import from production code.
 */
export * from './demo-staff';
export * from './demo-staff.seeder';
export * from './demo-notify';
